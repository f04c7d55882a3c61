import { fitPieces } from "../../../lib/text/fit-pieces.js";
import {
  type Button,
  collapsedAsButtons,
  type OutMessage,
  type Section,
} from "../../kernel/out-message.js";
import { renderSection } from "./markdown-text.js";

/**
 * DingTalk's sizes, conservatively: a markdown message stops rendering as
 * markdown past about 3,500 characters (and msgParam must stay under 15,000
 * bytes); every cardParamMap value of an interactive card is at most 1 KB
 * (创建并投放卡片: "value: 参数值（最长不超过1KB）"), buttons included,
 * since they travel as one JSON string (sys_full_json_obj).
 */
export const DINGTALK_LIMITS = {
  markdownChars: 3_000,
  cardValueBytes: 1_000,
  buttonLabelChars: 20,
  titleChars: 20,
} as const;

/** A button of the Markdown + buttons card: `request` makes a press come back over Stream. */
export interface CardButton {
  text: string;
  color: "blue" | "gray";
  id: string;
  request: true;
  params: { data: string };
}

export type DingTalkPart =
  /** A robot markdown message (sampleMarkdown / a session webhook's markdown). */
  | { kind: "markdown"; title: string; text: string }
  /** An interactive card: markdown plus buttons whose presses come back over Stream. */
  | { kind: "card"; title: string; markdown: string; buttons: CardButton[] };

interface Block {
  kind: Section["kind"];
  raw: string;
}

type Measure = (markdown: string) => number;
const chars: Measure = (s) => Array.from(s).length;
const bytes: Measure = (s) => Buffer.byteLength(s, "utf8");

/**
 * An OutMessage as the DingTalk messages that carry it, in reading order.
 * Without buttons: markdown messages of at most 3,000 characters, split
 * between sections, a long section at line or sentence ends. With buttons:
 * the end of the message that fits in 1 KB goes on one card with the
 * buttons (so they sit under what they act on), anything before it as
 * markdown messages. Every text is escaped.
 */
export function renderParts(whole: OutMessage): DingTalkPart[] {
  // Markdown cannot fold text: a clause kept for 全文 is a button that sends it.
  const message = collapsedAsButtons(whole);
  const title = notificationTitle(message);
  const blocks = message.sections.flatMap((s) =>
    s.text.trim() === "" ? [] : split(s.kind, s.text, chars, DINGTALK_LIMITS.markdownChars),
  );
  const buttonGroups = packButtons((message.buttons ?? []).flat());
  if (buttonGroups.length === 0) return markdownParts(blocks, title);
  const { head, tail } = cardTail(blocks);
  const parts: DingTalkPart[] = markdownParts(head, title);
  buttonGroups.forEach((buttons, i) => {
    const markdown = i === 0 ? joined(tail) : "…";
    parts.push({ kind: "card", title, markdown: markdown || "…", buttons });
  });
  return parts;
}

function markdownParts(blocks: Block[], title: string): DingTalkPart[] {
  const parts: DingTalkPart[] = [];
  let current: Block[] = [];
  for (const block of blocks) {
    if (current.length > 0 && chars(joined([...current, block])) > DINGTALK_LIMITS.markdownChars) {
      parts.push({ kind: "markdown", title, text: joined(current) });
      current = [];
    }
    current.push(block);
  }
  if (current.length > 0) parts.push({ kind: "markdown", title, text: joined(current) });
  return parts;
}

/** The trailing blocks that fit on a card; the last one cut at a sentence if it alone does not. */
function cardTail(blocks: Block[]): { head: Block[]; tail: Block[] } {
  const head = [...blocks];
  const tail: Block[] = [];
  const budget = DINGTALK_LIMITS.cardValueBytes;
  while (head.length > 0) {
    const last = head[head.length - 1] as Block;
    if (bytes(joined([last, ...tail])) <= budget) {
      tail.unshift(last);
      head.pop();
      continue;
    }
    if (tail.length === 0) {
      // Not even the last block fits: its last sentences go on the card, the rest before it.
      const pieces = split(last.kind, last.raw, bytes, budget);
      const taken: Block[] = [];
      while (pieces.length > 0) {
        const piece = pieces[pieces.length - 1] as Block;
        if (taken.length > 0 && bytes(joined([piece, ...taken])) > budget) break;
        taken.unshift(piece);
        pieces.pop();
      }
      head.pop();
      if (pieces.length > 0) head.push({ kind: last.kind, raw: pieces.map((p) => p.raw).join("") });
      tail.push(...taken);
    }
    break;
  }
  return { head, tail };
}

function joined(blocks: Block[]): string {
  return blocks.map((b) => renderSection(b.kind, b.raw)).join("\n\n");
}

function split(kind: Section["kind"], raw: string, measure: Measure, budget: number): Block[] {
  return fitPieces(raw, (text) => measure(renderSection(kind, text)) <= budget)
    .filter((piece) => piece.trim() !== "")
    .map((piece) => ({ kind, raw: piece }));
}

/** Buttons in groups whose JSON (sys_full_json_obj) stays within one card value. */
function packButtons(buttons: Button[]): CardButton[][] {
  const groups: CardButton[][] = [];
  let current: CardButton[] = [];
  buttons.forEach((b, i) => {
    const button: CardButton = {
      text: truncate(b.label, DINGTALK_LIMITS.buttonLabelChars),
      color: i === 0 ? "blue" : "gray",
      id: `qf${i}`,
      request: true,
      params: { data: b.data },
    };
    if (
      current.length > 0 &&
      bytes(buttonsJson([...current, button])) > DINGTALK_LIMITS.cardValueBytes
    ) {
      groups.push(current);
      current = [];
    }
    current.push(button);
  });
  if (current.length > 0) groups.push(current);
  return groups;
}

/** The card value that carries the buttons. */
export function buttonsJson(buttons: CardButton[]): string {
  return JSON.stringify({ msgButtons: buttons });
}

/** The plain first line, for the notification and the chat list (no markdown there). */
function notificationTitle(message: OutMessage): string {
  const first = message.sections.find((s) => s.text.trim() !== "")?.text.trim() ?? "清风";
  return truncate(first.split("\n")[0] ?? "", DINGTALK_LIMITS.titleChars);
}

function truncate(text: string, max: number): string {
  const c = Array.from(text);
  return c.length <= max ? text : `${c.slice(0, max - 1).join("")}…`;
}
