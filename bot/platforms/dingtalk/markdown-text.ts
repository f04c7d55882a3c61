import type { Section } from "../../kernel/out-message.js";

/**
 * Backslash escapes exactly where document or user text would turn into
 * markdown, so the text reads unchanged where it would not (a citation's
 * "[1]", a section path's "a > b"): emphasis and code markers, "](" that
 * would close a link or image, "<" that would open an HTML tag (DingTalk
 * renders <font>), an entity, "~~", a table's "|", the backslash itself;
 * and at the start of a line what would begin a heading, quote, list or
 * rule. Leading ASCII indentation is dropped (four spaces make a code
 * block); the full-width indentation (　　) of policy documents is kept.
 */
export function escapeMarkdown(text: string): string {
  return text
    .split("\n")
    .map((line) =>
      line
        .replace(/^[ \t]+/, "")
        .replace(/[\\`*_|]|\](?=[([])|<(?=[A-Za-z/!?])|&(?=#?\w+;)|~(?=~)/g, "\\$&")
        .replace(/^([#>+\-=])/, "\\$1")
        .replace(/^(\d+)([.)])/, "$1\\$2"),
    )
    .join("\n");
}

/**
 * One section (or a piece of one) as DingTalk markdown. DingTalk reads a lone
 * newline as a space, so each line becomes its own paragraph; a quote stays
 * one block quote with its line breaks.
 */
export function renderSection(kind: Section["kind"], raw: string): string {
  const lines = escapeMarkdown(raw)
    .split("\n")
    .filter((line) => line.trim() !== "");
  switch (kind) {
    case "title":
      return `### ${lines.join(" ")}`;
    case "quote":
      return lines.map((line) => `> ${line}`).join("\n>\n");
    case "text":
    case "note":
    case "collapsed":
      return lines.join("\n\n");
  }
}

/** What remains of markdown once its escapes are read (what a reader sees of the text). */
export function unescapeMarkdown(markdown: string): string {
  return markdown.replace(/\\(.)/g, "$1");
}
