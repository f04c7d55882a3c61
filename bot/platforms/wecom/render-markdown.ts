import { fitPieces, packJoined } from "../../../lib/text/fit-pieces.js";
import { collapsedAsButtons, type OutMessage, type Section } from "../../kernel/out-message.js";

/**
 * WeCom's limit on one markdown or stream message: "最长不超过20480个字节，必须是
 * utf8编码" (智能机器人 被动回复消息 / 主动推送消息).
 */
export const WECOM_MARKDOWN_MAX_BYTES = 20_480;

/**
 * Makes text literal in WeCom's markdown (CommonMark with tables): every
 * character that can open markup is backslash-escaped, and so is what makes a
 * line a heading, list item, rule or quote. Document text is data: a clause
 * that starts with "1." or contains "**" must read as written, and `<`/`&`
 * must not become HTML.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_~[\]<>|&#]/g, "\\$&")
    .replace(/^([ \t]*)([-+=])/gm, "$1\\$2")
    .replace(/^([ \t]*\d+)([.)])/gm, "$1\\$2");
}

/** A line break inside a paragraph: two spaces, then the newline (CommonMark's hard break). */
const BREAK = "  \n";

interface Style {
  /** Escaped markdown for a piece of raw text that has no blank lines inside. */
  render(raw: string): string;
}

/**
 * The non-blank lines of a section, without the leading spaces that would
 * make CommonMark read four of them as a code block.
 */
const lines = (raw: string) =>
  raw
    .split("\n")
    .map((line) => line.replace(/^[ \t]+|[ \t]+$/g, ""))
    .filter((line) => line !== "");

const STYLES: Record<Section["kind"], Style> = {
  title: {
    render: (raw) =>
      lines(raw)
        .map((l) => `**${escapeMarkdown(l)}**`)
        .join(BREAK),
  },
  text: { render: (raw) => lines(raw).map(escapeMarkdown).join(BREAK) },
  // Never reached by renderMarkdown (collapsedAsButtons turns them into 全文 buttons).
  collapsed: { render: (raw) => lines(raw).map(escapeMarkdown).join(BREAK) },
  // A blank quote line ends the quote, so every line keeps its marker.
  quote: {
    render: (raw) =>
      lines(raw)
        .map((l) => `> ${escapeMarkdown(l)}`)
        .join(BREAK),
  },
  note: {
    render: (raw) =>
      lines(raw)
        .map((l) => `*${escapeMarkdown(l)}*`)
        .join(BREAK),
  },
};

const bytes = (text: string) => Buffer.byteLength(text, "utf8");

/**
 * An OutMessage as WeCom markdown messages, each within `maxBytes` of UTF-8.
 * Sections are paragraphs; a message is split only between sections, and a
 * section too long for one message is cut at line or sentence ends (between
 * characters only when a sentence alone is too long), each piece styled on
 * its own — so no message ever ends inside an escape or a bold span.
 */
export function renderMarkdown(whole: OutMessage, maxBytes = WECOM_MARKDOWN_MAX_BYTES): string[] {
  // Markdown cannot fold text: a clause kept for 全文 is a button that sends it.
  const message = collapsedAsButtons(whole);
  const blocks = message.sections.flatMap((s) => sectionBlocks(s, maxBytes));
  return packJoined(blocks, "\n\n", (joined) => bytes(joined) <= maxBytes);
}

function sectionBlocks(section: Section, maxBytes: number): string[] {
  const style = STYLES[section.kind];
  if (section.text.trim() === "") return [];
  const whole = style.render(section.text);
  if (bytes(whole) <= maxBytes) return [whole];
  return fitPieces(section.text, (piece) => bytes(style.render(piece)) <= maxBytes)
    .filter((piece) => piece.trim() !== "")
    .map(style.render)
    .filter((b) => b !== "");
}
