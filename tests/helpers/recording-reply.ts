import type { OutMessage } from "../../bot/kernel/out-message.js";
import type { Reply } from "../../bot/kernel/reply.js";

/** A Reply that records what the core sent, for unit tests of the core. */
export class RecordingReply implements Reply {
  readonly sent: OutMessage[] = [];
  readonly privately: OutMessage[] = [];
  readonly acks: (string | undefined)[] = [];

  constructor(private readonly canDm = true) {}

  async send(message: OutMessage): Promise<void> {
    this.sent.push(message);
  }

  async sendPrivate(message: OutMessage): Promise<boolean> {
    if (!this.canDm) return false;
    this.privately.push(message);
    return true;
  }

  async ack(notice?: string): Promise<void> {
    this.acks.push(notice);
  }

  /** All text of the sent messages, for assertions. */
  text(): string {
    return this.sent.map((m) => m.sections.map((s) => s.text).join("\n")).join("\n---\n");
  }
}
