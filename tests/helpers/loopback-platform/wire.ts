/**
 * The loopback platform's wire format: what its Bot API takes and what its
 * webhook posts. Both sides (the bot's adapter and sender here, the emulated
 * API in tests/helpers/fake-loopback-api.ts) speak only this.
 */
export interface WireChat {
  id: string;
  type: "dm" | "group";
  title?: string | undefined;
}

export interface WireUser {
  id: string;
  name?: string | undefined;
  /** Admin of the group it wrote in. */
  chat_admin?: boolean | undefined;
}

export interface WireButton {
  label: string;
  data: string;
}

/** One inbound update, POSTed to the bot's webhook with the shared secret header. */
export type WireUpdate = { update_id: number } & (
  | { message: { message_id: string; chat: WireChat; from: WireUser; text: string } }
  | { action: { id: string; message_id?: string; chat: WireChat; from: WireUser; data: string } }
);

/** The body of POST {apiUrl}/sendMessage. */
export interface WireSendMessage {
  chat_id: string;
  text: string;
  buttons?: WireButton[][] | undefined;
  /** The message answered (a group question is answered as a reply). */
  reply_to?: string | undefined;
}

/** The body of POST {apiUrl}/answerAction: every button press is answered once. */
export interface WireAnswerAction {
  action_id: string;
  text?: string | undefined;
}

/** Every API answer: ok with a result, or an error with the HTTP status saying which kind. */
export type WireResult<T> =
  | { ok: true; result: T }
  | { ok: false; error: string; retry_after?: number | undefined };

export const SECRET_HEADER = "x-loopback-secret";
export const WEBHOOK_PATH = "/loopback/events";
