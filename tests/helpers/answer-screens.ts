import { answerMessage } from "../../bot/features/ask/answer-message.js";
import { answerView } from "../../bot/features/ask/answer-view.js";
import type { Lang } from "../../bot/kernel/i18n.js";
import type { OutMessage } from "../../bot/kernel/out-message.js";
import { renderBlocks, type SlackMessage } from "../../bot/platforms/slack/render-blocks.js";
import { EXPANDABLE, renderHtml } from "../../bot/platforms/telegram/render-html.js";
import type { Answer } from "../../knowledge/answer/answer-types.js";

/** What a phone shows first must fit in this many characters on Telegram (issue #19). */
export const FIRST_SCREEN_CHARS = 600;
/** Slack folds a section's text behind "See more" past roughly this many characters. */
export const SLACK_SEE_MORE_CHARS = 700;

/** How one answer's reply lands on Telegram and Slack. */
export interface ScreenFigures {
  /** Characters a reader sees before the first collapsed part (tags gone, entities read). */
  telegramFirstScreen: number;
  /** Telegram messages, and the longest one's HTML length. */
  telegramMessages: number;
  telegramLongestHtml: number;
  /** Slack messages, blocks in the first, and the longest text of any block. */
  slackMessages: number;
  slackBlocks: number;
  slackLongestBlockText: number;
  /** The decisive phrase is on the first screen of both (true when nothing is cited). */
  decisiveInView: boolean;
  /** Citations the reply shows, as `n` of the answer. */
  shown: number[];
}

/** The visible text of Telegram HTML: tags dropped, the three entities read back. */
export function visibleText(html: string): string {
  return html
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** Everything a Slack message shows as text, block by block. */
export function slackTexts(message: SlackMessage): string[] {
  return message.blocks.flatMap((b) => {
    if (b.type === "header" || b.type === "section") return b.text ? [b.text.text] : [];
    if (b.type === "context") return b.elements.flatMap((e) => ("text" in e ? [e.text] : []));
    return [];
  });
}

/** Renders an answer as the chat does (answer id 1) and measures it on both platforms. */
export function screenFigures(answer: Answer, lang: Lang = answer.language): ScreenFigures {
  const message: OutMessage = answerMessage({ ...answer, id: 1 }, lang);
  const html = renderHtml(message);
  const first = html[0] ?? "";
  const beforeFold = first.split(EXPANDABLE)[0] ?? "";
  const telegramFirstScreen = Array.from(visibleText(beforeFold).trim()).length;
  const slack = renderBlocks(message);
  const slackFirst = slack[0];
  const texts = slack.flatMap(slackTexts);
  const phrase = message.sections.find((s) => s.kind === "quote")?.text;
  const unescapeSlack = (t: string) =>
    t.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  const slackView = slackFirst ? slackTexts(slackFirst).map(unescapeSlack).join("\n") : "";
  const decisiveInView =
    answer.citations.length === 0 ||
    (phrase !== undefined &&
      visibleText(beforeFold).includes(phrase) &&
      slackView.replace(/^> /gm, "").includes(phrase));
  const view = answerView(answer);
  const shown = [...(view.decisive ? [view.decisive.citation] : []), ...view.further].map(
    (c) => c.n,
  );
  return {
    telegramFirstScreen,
    telegramMessages: html.length,
    telegramLongestHtml: Math.max(0, ...html.map((h) => h.length)),
    slackMessages: slack.length,
    slackBlocks: slackFirst?.blocks.length ?? 0,
    slackLongestBlockText: Math.max(0, ...texts.map((t) => Array.from(t).length)),
    decisiveInView,
    shown,
  };
}

/** Minimum, median, 90th percentile and maximum of some figures. */
export function distribution(values: number[]): {
  min: number;
  median: number;
  p90: number;
  max: number;
} {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { min: sorted[0] ?? 0, median: at(0.5), p90: at(0.9), max: sorted.at(-1) ?? 0 };
}
