import { idf as idfBytes } from "@node-rs/jieba/dict.js";

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
    common = new Map();
    for (const line of new TextDecoder().decode(idfBytes).split("\n")) {
      const space = line.indexOf(" ");
      const value = Number(line.slice(space + 1));
      if (space > 0 && value < FULL_IDF) common.set(line.slice(0, space), value);
    }
  }
  return common.get(word) ?? FULL_IDF;
}
