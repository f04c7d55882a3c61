import { fitPieces } from "../../../lib/text/fit-pieces.js";
import {
  type Button,
  collapsedAsButtons,
  type OutMessage,
  type Section,
} from "../../kernel/out-message.js";
import { escapeCardMarkdown } from "./card-markdown.js";

interface PlainText {
  tag: "plain_text";
  content: string;
}
interface MarkdownElement {
  tag: "markdown";
  content: string;
}
interface NoteElement {
  tag: "note";
  elements: PlainText[];
}
interface CardButton {
  tag: "button";
  text: PlainText;
  type: "default";
  /** What card.action.trigger hands back: the button's data, nothing else. */
  value: { qf: string };
}
interface ActionElement {
  tag: "action";
  actions: CardButton[];
}
type CardElement = MarkdownElement | NoteElement | ActionElement;

/** An interactive card (JSON 1.0: header, markdown and note elements, action rows). */
export interface FeishuCard {
  config: { wide_screen_mode: true };
  header?: { title: PlainText; template: string };
  elements: CardElement[];
}

/**
 * Our limits, under Feishu's: a card message's content may be 30 KB of JSON;
 * elements are kept to 50 a card and texts to 3,000 characters an element so
 * long answers stay readable on a phone.
 */
export const FEISHU_CARD_LIMITS = {
  cardBytes: 28 * 1024,
  elements: 50,
  pieceChars: 3_000,
  headerChars: 100,
  buttonChars: 40,
} as const;

/** Header colour by verdict, so 禁止 reads red before a word is read. */
const TEMPLATES: [RegExp, string][] = [
  [/^🚫/, "red"],
  [/^⚠️/, "orange"],
  [/^❔/, "grey"],
];

/**
 * An OutMessage as one or more interactive cards: a leading short title is
 * the header, text and quotes are escaped markdown, notes are plain text,
 * each button row is an action element whose buttons carry their data in
 * `value.qf`. Cards are split between elements to stay under the size limit,
 * a section too long for one element is cut at line or sentence ends, and the
 * buttons go on the last card, under the whole message.
 */
export function renderCards(whole: OutMessage): FeishuCard[] {
  // Card elements of this schema cannot fold text: a clause kept for 全文 is a
  // button that sends it (a 2.0 card's collapsible panel would be the next step).
  const message = collapsedAsButtons(whole);
  const sections = [...message.sections];
  const first = sections[0];
  let header: FeishuCard["header"];
  if (
    first?.kind === "title" &&
    first.text.trim() !== "" &&
    !first.text.includes("\n") &&
    Array.from(first.text).length <= FEISHU_CARD_LIMITS.headerChars
  ) {
    sections.shift();
    header = {
      title: { tag: "plain_text", content: first.text },
      template: TEMPLATES.find(([re]) => re.test(first.text))?.[1] ?? "blue",
    };
  }
  const content = sections.flatMap(renderSection);
  const actions = actionElements(message.buttons ?? []);
  const cards: FeishuCard[] = [];
  let current = emptyCard(header);
  const add = (element: CardElement) => {
    if (current.elements.length > 0 && !fits(current, element)) {
      cards.push(current);
      current = emptyCard(undefined);
    }
    current.elements.push(element);
  };
  for (const element of content) add(element);
  // The buttons stay together, on the last card.
  const withActions = { ...current, elements: [...current.elements, ...actions] };
  if (actions.length > 0 && current.elements.length > 0 && !fitsAll(withActions)) {
    cards.push(current);
    current = emptyCard(undefined);
  }
  current.elements.push(...actions);
  if (current.elements.length > 0 || current.header) cards.push(current);
  return cards;
}

function emptyCard(header: FeishuCard["header"]): FeishuCard {
  return { config: { wide_screen_mode: true }, ...(header ? { header } : {}), elements: [] };
}

function fits(card: FeishuCard, element: CardElement): boolean {
  return fitsAll({ ...card, elements: [...card.elements, element] });
}

function fitsAll(card: FeishuCard): boolean {
  return (
    card.elements.length <= FEISHU_CARD_LIMITS.elements &&
    Buffer.byteLength(JSON.stringify(card)) <= FEISHU_CARD_LIMITS.cardBytes
  );
}

function renderSection(section: Section): CardElement[] {
  if (section.text.trim() === "") return [];
  switch (section.kind) {
    case "title":
      return pieces(section.text, bold).map(markdown);
    case "text":
    case "collapsed":
      return pieces(section.text, escapeCardMarkdown).map(markdown);
    case "quote":
      return pieces(section.text, quoted).map(markdown);
    case "note":
      return pieces(section.text, (raw) => raw).map((content) => ({
        tag: "note",
        elements: [{ tag: "plain_text", content }],
      }));
  }
}

function markdown(content: string): MarkdownElement {
  return { tag: "markdown", content };
}

/** Bold does not span lines: each non-empty line is marked on its own. */
function bold(raw: string): string {
  return raw
    .split("\n")
    .map((line) => (line.trim() === "" ? line : `**${escapeCardMarkdown(line)}**`))
    .join("\n");
}

/** JSON 1.0 markdown has no block quotes: a bar before each line sets the clause apart. */
function quoted(raw: string): string {
  return raw
    .split("\n")
    .map((line) => `┃ ${escapeCardMarkdown(line)}`)
    .join("\n");
}

/** Rendered pieces of a section, each within the element limit once rendered. */
function pieces(raw: string, render: (raw: string) => string): string[] {
  const max = FEISHU_CARD_LIMITS.pieceChars - 16;
  return fitPieces(raw, (piece) => render(piece).length <= max)
    .map((p) => p.replace(/^\n+/, "").trimEnd())
    .filter((p) => p.trim() !== "")
    .map(render);
}

function actionElements(rows: Button[][]): ActionElement[] {
  return rows
    .filter((row) => row.length > 0)
    .map((row) => ({
      tag: "action",
      actions: row.map((b) => ({
        tag: "button",
        text: { tag: "plain_text", content: truncate(b.label, FEISHU_CARD_LIMITS.buttonChars) },
        type: "default",
        value: { qf: b.data },
      })),
    }));
}

function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}
