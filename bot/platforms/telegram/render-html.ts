import { fitPieces, packJoined } from "../../../lib/text/fit-pieces.js";
import type { OutMessage, Section } from "../../kernel/out-message.js";

/** Telegram's limit on one message's text. */
export const TELEGRAM_MAX_CHARS = 4096;

/** Telegram HTML parse mode needs only these three escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * An OutMessage as Telegram HTML messages, each within the 4096-character
 * limit. Splits happen between sections; a section too long on its own is cut
 * at line or sentence ends, each piece wrapped in its own tags, so no message
 * ever ends inside a tag or an entity. Collapsed sections become expandable
 * blockquotes, so their buttons (`open`) are not needed here.
 */
export function renderHtml(message: OutMessage, max = TELEGRAM_MAX_CHARS): string[] {
  const blocks = message.sections.flatMap((s) => sectionPieces(s, max));
  return packJoined(blocks, "\n\n", (joined) => joined.length <= max);
}

function sectionPieces(section: Section, max: number): string[] {
  if (section.kind === "collapsed") {
    // Folded by Telegram itself: the label and the first lines show, a tap opens the rest.
    const open = `${EXPANDABLE}<b>${escapeHtml(section.label)}</b>\n`;
    const room = max - open.length - "</blockquote>".length;
    return cut(section.text, room).map((piece) => `${open}${piece}</blockquote>`);
  }
  const [open, close] = TAGS[section.kind];
  const room = max - open.length - close.length;
  return cut(section.text, room).map((piece) => `${open}${piece}${close}`);
}

/** Opens a blockquote Telegram shows collapsed (Bot API 7.4+). */
export const EXPANDABLE = "<blockquote expandable>";

const TAGS: Record<Exclude<Section["kind"], "collapsed">, [string, string]> = {
  title: ["<b>", "</b>"],
  text: ["", ""],
  quote: ["<blockquote>", "</blockquote>"],
  note: ["<i>", "</i>"],
};

/** Escaped pieces of `text`, each at most `room` characters, cut at line or sentence ends when possible. */
function cut(text: string, room: number): string[] {
  return fitPieces(text, (piece) => escapeHtml(piece).length <= room).map(escapeHtml);
}
