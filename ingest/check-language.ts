import { languageShare } from "../knowledge/lexical/language-share.js";
import { IngestError } from "./errors.js";

/**
 * Below this share of words a file is not language: policy text, scans with
 * OCR damage included, reads 0.87–0.93; random characters, random bytes and
 * base64 read 0.00–0.17 (see languageShare).
 */
export const MIN_LANGUAGE_SHARE = 0.5;
/** Fewer judged characters than this say too little to refuse a file on. */
const MIN_JUDGED = 200;

/**
 * Refuses a file whose text is not language before it is parsed: a 5 MB file
 * of random characters would otherwise become thousands of clauses no
 * question can match, and slow every ask.
 *
 * @throws IngestError INGEST_NOT_LANGUAGE
 */
export function checkLanguage(
  text: string,
  file: string,
  dictionaryWords?: (text: string) => string[],
): void {
  const { share, judged } = languageShare(text, dictionaryWords);
  if (judged < MIN_JUDGED || share >= MIN_LANGUAGE_SHARE) return;
  throw new IngestError(
    "INGEST_NOT_LANGUAGE",
    file,
    `only ${Math.round(share * 100)}% of its text reads as words, so it holds no policy text to answer from (random characters, encoded data such as base64, or text decoded in the wrong encoding). Nothing stored for it changed.`,
  );
}
