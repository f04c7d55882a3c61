import { createHash } from "node:crypto";
import type { Client } from "@larksuiteoapi/node-sdk";
import type { Log } from "../../kernel/log.js";
import { type OutMessage, textMessage } from "../../kernel/out-message.js";
import type { Reply } from "../../kernel/reply.js";
import type { ToastWindow } from "./card-toast.js";
import { classify } from "./feishu-api-error.js";
import { type Recipient, replyCard, sendCard } from "./feishu-messages.js";
import { type FeishuCard, renderCards } from "./render-card.js";

/** A live answer waits out a short rate limit (5/s per chat) this many times, this long at most. */
const RATE_LIMIT_TRIES = 3;
const RATE_LIMIT_MAX_WAIT_MS = 10_000;

/** Where the core's answer to one event goes. */
export interface ReplyTarget {
  /** The event's id: the cards' uuids derive from it, so handling it twice posts once. */
  deliveryId: string;
  chatId: string;
  userId: string;
  /** A group question is answered as a reply to it. */
  replyTo?: string | undefined;
}

/**
 * Replies of the adapter. Every card carries a uuid made of the event id and
 * its position among the event's sends: were an event ever handled twice
 * (two instances, a lost delivery record), Feishu would post its answer once
 * — and a card sent again after a rate limit is never posted twice.
 */
export class FeishuReplies {
  constructor(
    private readonly client: Client,
    private readonly log: Log,
    /** Waits out a rate limit (tests advance a fake clock). */
    private readonly sleep: (ms: number) => Promise<void> = (ms) =>
      new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  /** For a message: in its chat, as a reply to it in a group. */
  toMessage(target: ReplyTarget): Reply {
    const uuid = this.uuids(target.deliveryId);
    return {
      send: async (message) => {
        for (const card of renderCards(message)) {
          const id = uuid();
          const { replyTo } = target;
          await this.patiently(() =>
            replyTo
              ? replyCard(this.client, replyTo, card, id)
              : sendCard(this.client, { chatId: target.chatId }, card, id),
          );
        }
      },
      sendPrivate: (message) => this.private(target.userId, message, uuid),
      ack: async () => {},
    };
  }

  /**
   * For a button press: messages in the chat of the card, notices as the
   * press's toast while its window is open, privately after that.
   */
  toPress(target: ReplyTarget, toast: ToastWindow): Reply {
    const uuid = this.uuids(target.deliveryId);
    const sendPrivate = (message: OutMessage) => this.private(target.userId, message, uuid);
    return {
      send: (message) => this.post({ chatId: target.chatId }, message, uuid),
      sendPrivate,
      ack: async (notice) => {
        if (toast.offer(notice) || !notice) return;
        await sendPrivate(textMessage(notice));
      },
    };
  }

  private async post(to: Recipient, message: OutMessage, uuid: () => string): Promise<void> {
    // In order: a long answer split over several cards must read top to bottom.
    for (const card of renderCards(message)) await this.sendOne(to, card, uuid());
  }

  private sendOne(to: Recipient, card: FeishuCard, id: string): Promise<string> {
    return this.patiently(() => sendCard(this.client, to, card, id));
  }

  /** One card, sent again (same uuid) after a short rate limit; any other failure is thrown. */
  private async patiently(send: () => Promise<string>): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await send();
      } catch (error) {
        const failure = classify(error);
        if (
          failure.kind !== "rate-limited" ||
          attempt >= RATE_LIMIT_TRIES ||
          failure.retryAfterMs > RATE_LIMIT_MAX_WAIT_MS
        )
          throw error;
        await this.sleep(failure.retryAfterMs);
      }
    }
  }

  /** A DM to the user by open_id; false when Feishu will not deliver it (outside the app's availability). */
  private async private(userId: string, message: OutMessage, uuid: () => string) {
    try {
      await this.post({ openId: userId }, message, uuid);
      return true;
    } catch (error) {
      this.log("warn", "feishu DM failed", {
        user: userId,
        error: error instanceof Error ? error.message : String(error),
      });
      return false;
    }
  }

  private uuids(deliveryId: string): () => string {
    const base = createHash("sha256").update(deliveryId).digest("hex").slice(0, 24);
    let n = 0;
    return () => `qingfeng-${base}-${n++}`;
  }
}
