import type { types } from "@slack/bolt";
import { fitPieces } from "../../../lib/text/fit-pieces.js";
import {
  type Button,
  collapsedAsButtons,
  type OutMessage,
  type Section,
} from "../../kernel/out-message.js";
import { escapeMrkdwn } from "./slack-text.js";

type ContentBlock = types.HeaderBlock | types.SectionBlock | types.ContextBlock;
type SlackBlock = ContentBlock | types.ActionsBlock;

/** One chat.postMessage worth of Block Kit, with the plain fallback Slack shows in notifications. */
export interface SlackMessage {
  /** Escaped mrkdwn, for notifications and clients without Block Kit. */
  text: string;
  blocks: SlackBlock[];
}

/** Slack's documented Block Kit limits (chat.postMessage rejects the whole message past them). */
export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  sectionText: 3000,
  headerText: 150,
  buttonText: 75,
  buttonsPerActions: 25,
  fallbackText: 3000,
} as const;

/** Prefix of every button's action_id; the adapter's action listener matches it. */
export const ACTION_PREFIX = "qf:";

interface Rendered {
  block: ContentBlock;
  /** The section's own text, for the fallback. */
  plain: string;
}

/**
 * Renders an OutMessage as one or more Slack messages: title → header (or a
 * bold section when too long for one), text → mrkdwn section, quote → "> "
 * lines, note → context, collapsed → a button (its text is sent when pressed).
 * Every text is escaped, split under 3,000 characters at line or sentence
 * ends, messages hold ≤ 50 blocks, and the buttons go on the last message
 * only (so they sit under the whole answer).
 */
export function renderBlocks(shown: OutMessage): SlackMessage[] {
  // Slack folds nothing on its own: text collapsed in the message is one button away.
  const message = collapsedAsButtons(shown);
  const content = message.sections.flatMap(renderSection);
  const actions = actionBlocks(message.buttons ?? []).slice(0, SLACK_LIMITS.blocksPerMessage);
  const pages: Rendered[][] = [];
  for (let i = 0; i < content.length; i += SLACK_LIMITS.blocksPerMessage) {
    pages.push(content.slice(i, i + SLACK_LIMITS.blocksPerMessage));
  }
  // The last page must leave room for the buttons; what does not fit moves to a final page.
  const room = SLACK_LIMITS.blocksPerMessage - actions.length;
  const last = pages.at(-1);
  if (last && last.length > room) pages.push(last.splice(room));
  if (pages.length === 0 && actions.length > 0) pages.push([]);
  return pages.map((page, index) => {
    const blocks: SlackBlock[] = page.map((r) => r.block);
    let plain = page.map((r) => r.plain).join("\n");
    if (index === pages.length - 1 && actions.length > 0) {
      blocks.push(...actions);
      if (plain === "")
        plain = (message.buttons ?? [])
          .flat()
          .map((b) => b.label)
          .join(" ");
    }
    return { text: fallback(plain), blocks };
  });
}

function renderSection(section: Section): Rendered[] {
  const { text } = section;
  if (text.trim() === "") return [];
  switch (section.kind) {
    case "title":
      if (text.length <= SLACK_LIMITS.headerText && !text.includes("\n")) {
        // plain_text is shown literally: no mrkdwn, so no escaping.
        return [
          {
            block: { type: "header", text: { type: "plain_text", text, emoji: true } },
            plain: text,
          },
        ];
      }
      return split(text, BOLD).map((part) => mrkdwnSection(BOLD.render(part), part));
    case "text":
      return split(text, PLAIN).map((part) => mrkdwnSection(PLAIN.render(part), part));
    case "quote":
      return split(text, QUOTE).map((part) => mrkdwnSection(QUOTE.render(part), part));
    case "note":
      return split(text, PLAIN).map((part) => ({
        block: { type: "context", elements: [{ type: "mrkdwn", text: PLAIN.render(part) }] },
        plain: part,
      }));
    case "collapsed":
      // Turned into buttons by collapsedAsButtons before the sections are rendered.
      return [];
  }
}

function mrkdwnSection(text: string, plain: string): Rendered {
  return { block: { type: "section", text: { type: "mrkdwn", text } }, plain };
}

/**
 * How a kind of section turns raw text into mrkdwn. Rendered length is
 * `fixed + escaped length + perNewline × newlines`, exactly — so pieces can be
 * measured one by one instead of re-rendering a growing chunk.
 */
interface Style {
  render(raw: string): string;
  fixed: number;
  perNewline: number;
}

const PLAIN: Style = { render: escapeMrkdwn, fixed: 0, perNewline: 0 };
const BOLD: Style = {
  // Bold does not span lines in mrkdwn: mark each non-empty line.
  render: (raw) =>
    escapeMrkdwn(raw)
      .split("\n")
      .map((line) => (line.trim() === "" ? line : `*${line}*`))
      .join("\n"),
  fixed: 2,
  perNewline: 2,
};
const QUOTE: Style = {
  render: (raw) => `> ${escapeMrkdwn(raw).replace(/\n/g, "\n> ")}`,
  fixed: 2,
  perNewline: 2,
};

function cost(raw: string, style: Style): number {
  let n = 0;
  for (const ch of raw) {
    if (ch === "&") n += 5;
    else if (ch === "<" || ch === ">") n += 4;
    else if (ch === "\n") n += 1 + style.perNewline;
    else n += ch.length;
  }
  return n;
}

/** Splits raw text so that each part renders within the section limit. */
function split(raw: string, style: Style = PLAIN): string[] {
  const budget = SLACK_LIMITS.sectionText - style.fixed;
  // Trimming only shortens a part, so it stays within the budget.
  return fitPieces(raw, (piece) => cost(piece, style) <= budget)
    .map((p) => p.replace(/^\n+/, "").trimEnd())
    .filter((p) => p.trim() !== "");
}

function actionBlocks(rows: Button[][]): types.ActionsBlock[] {
  const blocks: types.ActionsBlock[] = [];
  let n = 0;
  for (const row of rows) {
    for (let i = 0; i < row.length; i += SLACK_LIMITS.buttonsPerActions) {
      const elements = row.slice(i, i + SLACK_LIMITS.buttonsPerActions).map(
        (b): types.Button => ({
          type: "button",
          text: {
            type: "plain_text",
            text: truncate(b.label, SLACK_LIMITS.buttonText),
            emoji: true,
          },
          // Unique per message (Slack rejects duplicates); the data rides along as a fallback for value.
          action_id: `${ACTION_PREFIX}${n++}:${b.data}`,
          value: b.data,
        }),
      );
      if (elements.length > 0) blocks.push({ type: "actions", elements });
    }
  }
  return blocks;
}

function fallback(plain: string): string {
  return escapeMrkdwn(truncate(plain, SLACK_LIMITS.fallbackText));
}

function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}
