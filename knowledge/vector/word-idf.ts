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
    const text = new TextDecoder().decode(idfBytes);
    // Scanned in place: splitting the whole table into lines is most of the cost.
    let pos = 0;
    while (pos < text.length) {
      let end = text.indexOf("\n", pos);
      if (end < 0) end = text.length;
      const space = text.indexOf(" ", pos);
      if (space > pos && space < end) {
        const value = Number(text.slice(space + 1, end));
        if (value < FULL_IDF) common.set(text.slice(pos, space), value);
      }
      pos = end + 1;
    }
  }
  return common.get(word) ?? FULL_IDF;
}
