import { join } from "node:path";
import { derivedValue } from "../lexical/derived-file.js";
import { jiebaIdfBytes, jiebaTableSizes } from "../lexical/jieba-tables.js";
import { eachWordLine } from "../lexical/word-lines.js";

/**
 * IDF at and above which a word counts fully. Only the ~20k commoner words of
 * jieba's 270k-word table are kept (a few MB instead of ~35): rarer words,
 * and words it does not know (mostly domain terms such as 带金销售), all
 * count fully anyway.
 */
export const FULL_IDF = 9;
let common: ReadonlyMap<string, number> | undefined;

/**
 * The common words' IDF. Scanning jieba's 6 MB table takes ~150 ms, so with
 * a `cacheDir` the result is kept there for the next process (a cold ask).
 */
export function commonWordIdf(cacheDir?: string): ReadonlyMap<string, number> {
  if (common !== undefined) return common;
  const file = cacheDir === undefined ? undefined : join(cacheDir, "word-idf.json");
  const key = `word-idf-v1 ${jiebaTableSizes().idf} ${FULL_IDF}`;
  common = new Map(derivedValue(file, key, scanCommonWords));
  return common;
}

function scanCommonWords(): [string, number][] {
  const found: [string, number][] = [];
  eachWordLine(new TextDecoder().decode(jiebaIdfBytes()), (w, idf) => {
    const value = Number(idf);
    if (idf !== "" && value < FULL_IDF) found.push([w, value]);
  });
  return found;
}

/** Inverse document frequency of a word in jieba's reference corpus, capped at FULL_IDF. */
export function wordIdf(word: string, cacheDir?: string): number {
  return commonWordIdf(cacheDir).get(word) ?? FULL_IDF;
}
