/**
 * What the Bot API refuses in `parse_mode: "HTML"` text, checked the way
 * Telegram does, so the fake Bot API answers 400 where Telegram would: a tag
 * it does not support, tags not closed in order, a blockquote inside a
 * blockquote, a bare `<`, `>` or `&`, or more than 4,096 characters once the
 * tags are gone and the entities read.
 */

/** Tags of Telegram's HTML style (https://core.telegram.org/bots/api#html-style). */
const TAGS = new Set([
  "b",
  "strong",
  "i",
  "em",
  "u",
  "ins",
  "s",
  "strike",
  "del",
  "span",
  "tg-spoiler",
  "a",
  "tg-emoji",
  "code",
  "pre",
  "blockquote",
]);
/** Attributes a tag may carry. */
const ATTRIBUTES: Record<string, RegExp> = {
  a: /^\s+href="[^"]*"$/,
  span: /^\s+class="tg-spoiler"$/,
  "tg-emoji": /^\s+emoji-id="\d+"$/,
  code: /^\s+class="language-[\w-]+"$/,
  blockquote: /^\s+expandable$/,
};
const ENTITY = /^&(lt|gt|amp|quot|#\d+|#x[\da-f]+);/i;

/** Telegram's limit on a message's text, counted after the entities are parsed. */
export const TELEGRAM_TEXT_LIMIT = 4096;

/** Why Telegram would refuse this HTML text (its error description), or undefined. */
export function telegramHtmlProblem(html: string): string | undefined {
  const open: string[] = [];
  let visible = 0;
  let i = 0;
  while (i < html.length) {
    const ch = html[i] ?? "";
    if (ch === "<") {
      const tag = /^<(\/?)([a-z-]+)([^<>]*)>/.exec(html.slice(i));
      if (!tag) return `can't parse entities: unexpected "<" at byte offset ${i}`;
      const [whole, closing, name = "", attributes = ""] = tag;
      if (!TAGS.has(name)) return `can't parse entities: unsupported start tag "${name}"`;
      if (closing) {
        if (open.pop() !== name) return `can't parse entities: unmatched end tag "${name}"`;
      } else {
        if (attributes !== "" && !ATTRIBUTES[name]?.test(attributes))
          return `can't parse entities: bad attributes of tag "${name}"`;
        if (name === "blockquote" && open.includes("blockquote"))
          return "can't parse entities: blockquote can't be nested";
        open.push(name);
      }
      i += whole.length;
      continue;
    }
    if (ch === ">") return `can't parse entities: unexpected ">" at byte offset ${i}`;
    if (ch === "&") {
      const entity = ENTITY.exec(html.slice(i));
      if (!entity) return `can't parse entities: bare "&" at byte offset ${i}`;
      i += entity[0].length;
      visible++;
      continue;
    }
    // Telegram counts UTF-16 code units.
    visible += ch.length;
    i++;
  }
  if (open.length > 0)
    return `can't parse entities: can't find end tag corresponding to "${open.at(-1)}"`;
  if (visible > TELEGRAM_TEXT_LIMIT) return "message is too long";
  if (html.trim() === "") return "message text is empty";
  return undefined;
}
