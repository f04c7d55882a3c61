import type { Answer, Citation } from "../../../knowledge/answer/answer-types.js";
import { splitSentences } from "../../../lib/text/sentences.js";

/**
 * What a reply shows of an answer, in the order it shows it: the plain
 * sentences, the decisive phrase with its clause, notes, then the further
 * clauses — only those that rule on the asked conduct, numbered as shown.
 */
export interface AnswerView {
  /** One or two plain sentences (the whole explanation when it comes in one piece). */
  lead: string;
  decisive?: { citation: Citation; phrase: string } | undefined;
  /** Older edition, scanned text, conflicting local rule, "please confirm". */
  notes: string[];
  /** Shown clauses after the decisive one, in the answer's order. */
  further: Citation[];
  /** The number a shown citation carries in the reply (the decisive one is [1]). */
  numberOf(citation: Citation): number;
}

/** Longest decisive phrase cut from a clause when the answerer did not choose one. */
const PHRASE_CHARS = 90;

/** The reply's view of an answer (the chat message and the terminal's `qingfeng ask` share it). */
export function answerView(answer: Answer): AnswerView {
  const { parts, citations } = answer;
  const explanation = parts?.lead ?? answer.answer;
  // A citation the explanation refers to is shown, whatever the conduct match says.
  const referred = new Set(
    [explanation, ...(parts?.notes ?? [])].flatMap((t) =>
      [...t.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])),
    ),
  );
  if (parts?.quote) referred.add(parts.quote.n);
  const shown = citations.filter((c) => !c.offConduct || referred.has(c.n));
  const first =
    (parts?.quote && shown.find((c) => c.n === parts.quote?.n)) ?? shown[0] ?? undefined;
  const further = shown.filter((c) => c !== first);
  const numbers = new Map<number, number>();
  [first, ...further].forEach((c, i) => {
    if (c) numbers.set(c.n, i + 1);
  });
  const renumber = (text: string) =>
    text.replace(/\[(\d+)\]/g, (marker, n: string) => {
      const shownAs = numbers.get(Number(n));
      return shownAs === undefined ? marker : `[${shownAs}]`;
    });
  const phrase =
    first && (parts?.quote?.n === first.n ? parts.quote.text : shortPhrase(first.text));
  return {
    lead: renumber(explanation),
    decisive: first && phrase !== undefined ? { citation: first, phrase } : undefined,
    notes: (parts?.notes ?? []).map(renumber),
    further,
    numberOf: (c) => numbers.get(c.n) ?? c.n,
  };
}

/**
 * The opening of a clause excerpt, short enough to read at a glance: its
 * first sentence, cut after a comma when long. Verbatim; cuts marked with ….
 */
export function shortPhrase(text: string, max = PHRASE_CHARS): string {
  const flat = text.replace(/\n/g, "");
  const lead = flat.startsWith("…") ? "…" : "";
  const body = flat.slice(lead.length);
  const first = splitSentences(body)[0] ?? body;
  let phrase = first;
  if (first.length > max) {
    const head = first.slice(0, max);
    const comma = Math.max(0, ...[...head.matchAll(/[，,；;、]/g)].map((m) => m.index ?? 0));
    phrase = comma >= max / 2 ? head.slice(0, comma) : head;
  }
  const more = phrase.length < body.length && !phrase.endsWith("…");
  return `${lead}${phrase}${more ? "…" : ""}`;
}
