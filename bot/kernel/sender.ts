import type { Platform } from "./events.js";
import type { OutMessage } from "./out-message.js";

/**
 * The outbound port: one message to one chat, outside any conversation
 * (broadcasts, reminders). It makes exactly one attempt — retrying, pacing and
 * giving up belong to the caller, which knows the platform's limits.
 */
export interface Sender {
  readonly platform: Platform;
  /** Sends the message; resolves with the platform's message ids (one per part). */
  send(chatId: string, message: OutMessage, tag: SendTag): Promise<{ messageIds: string[] }>;
  /**
   * Looks for a message sent earlier with this tag, when the platform lets a
   * bot read a chat's history (Slack message metadata). Lets a broadcast that
   * crashed between sending and recording find out whether the send happened.
   */
  findSent?(chatId: string, tag: SendTag): Promise<string[] | undefined>;
  /**
   * A native quiz (Telegram quiz poll, non-anonymous so answers are
   * attributable); platforms without one leave it out and get buttons.
   */
  sendQuiz?(chatId: string, quiz: NativeQuiz): Promise<{ pollId: string; messageId: string }>;
  /** Closes a native quiz early (its timer ran out on our side). */
  stopQuiz?(chatId: string, messageId: string): Promise<void>;
}

export interface NativeQuiz {
  question: string;
  options: string[];
  correctOption: number;
  /** Shown by the platform after answering (Telegram: ≤ 200 characters). */
  explanation?: string | undefined;
  openPeriodSeconds?: number | undefined;
}

/** What a send is, so it can be recognised later (the outbox row id). */
export interface SendTag {
  outboxId: number;
}

export type SendFailure =
  /** Too many requests: wait `retryAfterMs`, then the same send may succeed. */
  | { kind: "rate-limited"; retryAfterMs: number }
  /** Network trouble, 5xx: retry later with backoff. */
  | { kind: "transient" }
  /** The chat is gone for the bot (kicked, not found, archived): stop sending there. */
  | { kind: "permanent" }
  /** The platform refused this message (not the chat): fail the send, keep the subscription. */
  | { kind: "rejected" }
  /** The chat got a new id (Telegram group → supergroup): send there instead. */
  | { kind: "moved"; newChatId: string };

export class SendError extends Error {
  constructor(
    readonly failure: SendFailure,
    message: string,
  ) {
    super(message);
    this.name = "SendError";
  }
}
