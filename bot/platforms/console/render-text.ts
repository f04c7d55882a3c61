import { displayWidth, wrapLine } from "../../../lib/text/terminal-wrap.js";
import { collapsedAsButtons, type OutMessage, type Section } from "../../kernel/out-message.js";
import { shortcutKey } from "./button-shortcuts.js";

/** Narrower than this, wrapping would do more harm than the terminal's own. */
const MIN_WIDTH = 24;

/**
 * Plain-text rendering for a terminal, wrapped to `width` columns when given
 * (a Chinese character takes two): quotes keep their bar and notes their
 * indent on every wrapped line. Collapsed text is one typed button away, and
 * buttons become what one types to press them, a row per line:
 * `[全文 1]`, `[👍] [👎]`, `[A] [B] [C]` (see /help).
 */
export function renderText(shown: OutMessage, width?: number): string {
  const message = collapsedAsButtons(shown);
  const lines: string[] = [];
  for (const section of message.sections) {
    const prefix = prefixOf(section);
    const room = width !== undefined && width >= MIN_WIDTH ? width - displayWidth(prefix) : 0;
    for (const line of section.text.split("\n")) {
      const wrapped = room > 0 ? wrapLine(line, room) : [line];
      for (const piece of wrapped) lines.push(`${prefix}${piece}`);
    }
  }
  for (const row of message.buttons ?? []) {
    if (row.length > 0) lines.push(`  ${row.map((b) => `[${shortcutKey(b.label)}]`).join(" ")}`);
  }
  return lines.join("\n");
}

function prefixOf(section: Section): string {
  switch (section.kind) {
    case "quote":
      return "    │ ";
    case "note":
      return "  ";
    case "title":
    case "text":
    case "collapsed":
      return "";
  }
}
