import { readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";

/**
 * jieba's two tables, read when first needed. `@node-rs/jieba/dict.js` reads
 * both (11 MB) on import; a cold ask needs only the dictionary, and only its
 * bytes once, to build the segmenter.
 */
const require = createRequire(import.meta.url);
const DICT = require.resolve("@node-rs/jieba/dict.txt");
const IDF = require.resolve("@node-rs/jieba/idf.txt");

let dict: Buffer | undefined;

/** jieba's default dictionary ("word freq tag" lines), as bytes. */
export function jiebaDictBytes(): Buffer {
  dict ??= readFileSync(DICT);
  return dict;
}

/** jieba's IDF table ("word idf" lines), as bytes; read afresh on each call. */
export function jiebaIdfBytes(): Buffer {
  return readFileSync(IDF);
}

/** Sizes name the tables' versions in fingerprints without reading them. */
export function jiebaTableSizes(): { dict: number; idf: number } {
  return { dict: statSync(DICT).size, idf: statSync(IDF).size };
}
