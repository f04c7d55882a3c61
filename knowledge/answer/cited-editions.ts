import { hanOnly, splitSentences } from "../../lib/text/sentences.js";
import type { SearchHit } from "../types.js";

/** Shorter sentences ("严肃查处。") recur everywhere without being the same rule. */
const MIN_SENTENCE_HAN = 10;

/**
 * One answer never cites the same sentence twice: a later clause that repeats
 * a sentence of an earlier one (the 2024 plan copying the 2022 work points, a
 * task-table row restating its clause) is dropped, and its document listed
 * under the earlier citation as another source (另见).
 */
export function dropRepeats(hits: readonly SearchHit[]): SearchHit[] {
  const kept: { hit: SearchHit; han: string }[] = [];
  for (const hit of hits) {
    const earlier = kept.find(({ han }) =>
      sentencesOf(hit.text).some((sentence) => han.includes(sentence)),
    );
    if (!earlier) {
      kept.push({ hit: { ...hit, alsoIn: [...hit.alsoIn] }, han: hanOnly(hit.text) });
      continue;
    }
    for (const source of [
      { docId: hit.docId, title: hit.title, year: hit.year, source: hit.source },
      ...hit.alsoIn,
    ]) {
      const also = earlier.hit.alsoIn;
      if (source.docId !== earlier.hit.docId && !also.some((a) => a.docId === source.docId)) {
        also.push(source);
      }
    }
  }
  return kept.map(({ hit }) => hit);
}

function sentencesOf(text: string): string[] {
  return splitSentences(text.replace(/\n/g, ""))
    .map(hanOnly)
    .filter((s) => s.length >= MIN_SENTENCE_HAN);
}
