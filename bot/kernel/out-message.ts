/**
 * A platform-neutral rich message. Adapters render it: Telegram HTML (escaped),
 * Slack Block Kit, plain text on the console — and split it at their limits,
 * only ever between sections.
 */
export type Section =
  | { kind: "title"; text: string }
  | { kind: "text"; text: string }
  | { kind: "quote"; text: string }
  | { kind: "note"; text: string };

export interface Button {
  label: string;
  /** ≤ 64 bytes (Telegram's callback data limit): ids, not payloads. */
  data: string;
}

export interface OutMessage {
  sections: Section[];
  /** Rows of buttons. */
  buttons?: Button[][] | undefined;
}

export function textMessage(text: string): OutMessage {
  return { sections: [{ kind: "text", text }] };
}

/** Callback data must fit Telegram's 64-byte limit on every platform. */
export const MAX_ACTION_BYTES = 64;
