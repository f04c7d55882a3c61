import { splitSentences } from "../../ingest/structure/sentences.js";

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
