import type { OutMessage } from "./out-message.js";

/**
 * How the core answers an event. The adapter binds it to the event's chat and
 * thread (a group question is answered as a reply / in the thread).
 */
export interface Reply {
  send(message: OutMessage): Promise<void>;
  /**
   * Sends to the user privately. False when the platform cannot (e.g. the user
   * never started a DM with the bot on Telegram).
   */
  sendPrivate(message: OutMessage): Promise<boolean>;
  /** Acknowledges a button press (Telegram callback queries must always be answered). */
  ack(notice?: string): Promise<void>;
}
