import { idf as idfBytes } from "@node-rs/jieba/dict.js";
import { eachWordLine } from "../lexical/word-lines.js";

/**
 * IDF at and above which a word counts fully. Only the ~20k commoner words of
 * jieba's 270k-word table are kept (a few MB instead of ~35): rarer words,
 * and words it does not know (mostly domain terms such as 带金销售), all
 * count fully anyway.
 */
export const FULL_IDF = 9;
let common: Map<string, number> | undefined;

/** Inverse document frequency of a word in jieba's reference corpus, capped at FULL_IDF. */
export function wordIdf(word: string): number {
  if (common === undefined) {
    const found = new Map<string, number>();
    eachWordLine(new TextDecoder().decode(idfBytes), (w, idf) => {
      const value = Number(idf);
      if (idf !== "" && value < FULL_IDF) found.set(w, value);
    });
    common = found;
  }
  return common.get(word) ?? FULL_IDF;
}
