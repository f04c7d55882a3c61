/** A Feishu interactive card (JSON 1.0) as far as the tests read one. */
export interface Card {
  header?: { title?: { tag?: string; content?: string }; template?: string };
  elements?: CardElement[];
}

interface CardElement {
  tag: string;
  content?: string;
  elements?: { tag: string; content?: string }[];
  actions?: {
    tag: string;
    text?: { tag?: string; content?: string };
    value?: Record<string, unknown>;
  }[];
}

/** What a reader sees in a card: the header, each markdown block (entities decoded) and each note. */
export function cardTexts(card: Card): string[] {
  const texts: string[] = [];
  if (card.header?.title?.content) texts.push(card.header.title.content);
  for (const element of card.elements ?? []) {
    if (element.tag === "markdown" && element.content !== undefined)
      texts.push(decodeEntities(element.content));
    if (element.tag === "note")
      for (const part of element.elements ?? []) texts.push(decodeEntities(part.content ?? ""));
  }
  return texts;
}

/** The card's buttons: label and the `qf` data their value carries. */
export function cardButtons(card: Card): { label: string; data: string }[] {
  return (card.elements ?? [])
    .filter((e) => e.tag === "action")
    .flatMap((e) => e.actions ?? [])
    .map((a) => ({ label: a.text?.content ?? "", data: String(a.value?.qf ?? "") }));
}

/** Numeric character references (&#42;) and the few named ones card markdown knows. */
export function decodeEntities(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_m, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}
