import { splitSentences } from "../../lib/text/sentences.js";

/** Scores how much of the question a text holds (idf-weighted, synonyms count). */
export interface OverlapScorer {
  overlap(questionTokens: string[], text: string): number;
}

export interface Decisive {
  /** Index of the citation the sentence comes from. */
  citation: number;
  sentence: string;
  score: number;
}

/** The sentence of the cited clauses that best answers the question. */
export function decisiveSentence(
  questionTokens: string[],
  texts: string[],
  scorer: OverlapScorer,
  focusTokens: string[] = [],
): Decisive | undefined {
  let best: Decisive | undefined;
  texts.forEach((text, citation) => {
    for (const sentence of splitSentences(text.replace(/\n/g, ""))) {
      // Earlier citations win ties: they ranked higher.
      const focus = focusTokens.length > 0 ? scorer.overlap(focusTokens, sentence) : 0;
      const score = scorer.overlap(questionTokens, sentence) + focus - citation * 1e-6;
      if (!best || score > best.score) best = { citation, sentence, score };
    }
  });
  return best;
}

/** Trims a long clause to the decisive sentence and its neighbours, marking cuts with …. */
export function trimAround(text: string, sentence: string, max = 220): string {
  if (text.length <= max) return text;
  const at = text.indexOf(sentence);
  if (at < 0) return `${text.slice(0, max)}…`;
  let start = at;
  let end = at + sentence.length;
  const sentences = splitSentences(text);
  // Grow around the sentence while it fits: context before, then after.
  for (const s of sentences) {
    const pos = text.indexOf(s);
    if (pos < start && end - pos <= max && pos + s.length === start) start = pos;
  }
  for (const s of sentences) {
    const pos = text.indexOf(s, end);
    if (pos === end && pos + s.length - start <= max) end = pos + s.length;
  }
  return `${start > 0 ? "…" : ""}${text.slice(start, end)}${end < text.length ? "…" : ""}`;
}

/**
 * The part of a long decisive sentence worth quoting: the comma-separated
 * piece that best matches the question, with its neighbours while they fit,
 * and the piece naming the prohibition when it lies further away. Cuts are
 * marked with …; every piece is verbatim.
 */
export function focusQuote(
  sentence: string,
  questionTokens: string[],
  scorer: OverlapScorer,
  options: { max?: number; mustShow?: RegExp } = {},
): string {
  const max = options.max ?? 120;
  if (sentence.length <= max) return sentence;
  const parts = sentence.split(/(?<=[，,；;：:])/);
  let best = 0;
  let bestScore = -1;
  parts.forEach((part, i) => {
    const score = scorer.overlap(questionTokens, part);
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  });
  let start = best;
  let end = best + 1;
  const length = () => parts.slice(start, end).join("").length;
  while (true) {
    if (end < parts.length && length() + (parts[end]?.length ?? 0) <= max) end++;
    else if (start > 0 && length() + (parts[start - 1]?.length ?? 0) <= max) start--;
    else break;
  }
  const pieces: string[] = [];
  if (start > 0) pieces.push("…");
  pieces.push(parts.slice(start, end).join(""));
  const shown = parts.slice(start, end).join("");
  const must = options.mustShow;
  if (must && !must.test(shown)) {
    const extra = parts.findIndex((p, i) => i >= end && must.test(p));
    if (extra >= 0) {
      pieces.push("…", parts[extra] ?? "");
      end = extra + 1;
    }
  }
  if (end < parts.length) pieces.push("…");
  return pieces.join("").replace(/[，,；;：:]…/g, "…");
}
