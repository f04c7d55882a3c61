import type { Platform } from "../../bot/kernel/events.js";
import type { OutMessage } from "../../bot/kernel/out-message.js";
import { SendError, type Sender, type SendFailure, type SendTag } from "../../bot/kernel/sender.js";

/** An in-memory Sender: records each delivery with the clock's time, fails on demand per chat. */
export class FakeSender implements Sender {
  readonly sent: { chatId: string; at: number; outboxId: number; message: OutMessage }[] = [];
  /** Failures to throw, in order, for a chat's next sends. */
  readonly failures = new Map<string, SendFailure[]>();
  private next = 1;
  /** Set to emulate a platform whose history can be searched for an earlier send. */
  findSent?: (chatId: string, tag: SendTag) => Promise<string[] | undefined>;

  constructor(
    readonly platform: Platform,
    private readonly now: () => number,
  ) {}

  failNext(chatId: string, ...failures: SendFailure[]): void {
    this.failures.set(chatId, [...(this.failures.get(chatId) ?? []), ...failures]);
  }

  async send(chatId: string, message: OutMessage, tag: SendTag): Promise<{ messageIds: string[] }> {
    const failure = this.failures.get(chatId)?.shift();
    if (failure) throw new SendError(failure, `fake ${failure.kind}`);
    this.sent.push({ chatId, at: this.now(), outboxId: tag.outboxId, message });
    return { messageIds: [String(this.next++)] };
  }

  countFor(chatId: string): number {
    return this.sent.filter((s) => s.chatId === chatId).length;
  }
}
