/**
 * A platform-neutral rich message. Adapters render it: Telegram HTML (escaped),
 * Slack Block Kit, plain text on the console — and split it at their limits,
 * only ever between sections.
 */
export type Section =
  | { kind: "title"; text: string }
  | { kind: "text"; text: string }
  | { kind: "quote"; text: string }
  | { kind: "note"; text: string }
  | CollapsedSection;

/**
 * Text the reader opens on demand, such as the full clause behind a citation.
 * Collapsed sections come last, after everything meant for the first screen.
 * A platform that can fold text shows `label` with `text` folded under it
 * (Telegram `<blockquote expandable>`, a collapsible panel on a card), and
 * leaves `open` out. A platform that cannot fold leaves `text` out and shows
 * `open` as a button instead: its action sends the text as a new message.
 * `collapsedAsButtons` does that second rendering in one call.
 */
export interface CollapsedSection {
  kind: "collapsed";
  /** What the folded text is ("全文 [1]"), shown on its fold. */
  label: string;
  text: string;
  /** The button that brings `text` where nothing folds. */
  open: Button;
}

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

/**
 * The message as a platform that cannot fold text shows it: collapsed sections
 * leave the text and become one row of buttons, above the message's own rows.
 */
export function collapsedAsButtons(message: OutMessage): OutMessage {
  const opens = message.sections.flatMap((s) => (s.kind === "collapsed" ? [s.open] : []));
  if (opens.length === 0) return message;
  return {
    sections: message.sections.filter((s) => s.kind !== "collapsed"),
    buttons: [opens, ...(message.buttons ?? [])],
  };
}

/** Callback data must fit Telegram's 64-byte limit on every platform. */
export const MAX_ACTION_BYTES = 64;
