import type { OutMessage } from "../../bot/kernel/out-message.js";

/** What a reader sees of a message: every section's text and every button label. */
export function wordsOf(message: OutMessage | undefined): string {
  if (!message) return "";
  const labels = (message.buttons ?? []).flat().map((b) => b.label);
  return [...message.sections.map((s) => s.text), ...labels].join("\n");
}

/** The message without its quoted sections (clause text, which is data). */
export function withoutQuotes(message: OutMessage | undefined): OutMessage | undefined {
  return message && { ...message, sections: message.sections.filter((s) => s.kind !== "quote") };
}

/**
 * The runs of Han characters left in `text` once each piece of data (a notice
 * title, a question stem, a clause heading written in Chinese) is taken out:
 * the bot's own Chinese words. Longest data first, so a piece inside another
 * does not leave fragments behind.
 */
export function hanOutside(text: string, data: readonly (string | undefined)[]): string[] {
  let rest = text;
  const pieces = data.filter((d): d is string => !!d).sort((a, b) => b.length - a.length);
  for (const piece of pieces) rest = rest.split(piece).join("");
  return rest.match(/\p{Script=Han}+/gu) ?? [];
}
