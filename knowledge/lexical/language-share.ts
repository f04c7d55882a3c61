import { createSegmenter } from "./segmenter.js";
import { SynonymLexicon } from "./synonyms.js";

/**
 * How much of a text reads as language, 0–1, measured on what can be judged:
 * a Han character counts as language when it sits inside a dictionary word of
 * two characters or more (policy text: 0.87–0.93, OCR-damaged scans
 * included; random Han characters: 0.00 drawn uniformly, 0.16 drawn with
 * the corpus's own character frequencies — common characters side by side
 * rarely make words); a run of Latin letters counts when it looks like a word
 * (2–20 letters with a vowel), while one without vowels or inside a string
 * with no space longer than a long URL (base64, hex dumps) does not; other letters and symbols (the Latin-1 and
 * replacement characters random bytes decode to) do not. Digits,
 * punctuation, spaces and single letters are not judged.
 */
export interface LanguageShare {
  /** Share of the judged characters that read as language. */
  share: number;
  /** How many characters were judged (a large text is judged on samples). */
  judged: number;
}

/** Texts longer than WINDOW × WINDOWS are judged on evenly spread windows. */
const WINDOW = 2_000;
const WINDOWS = 16;
const LONGEST_WORD = 8;
const HAN = /\p{Script=Han}/u;
const LATIN_RUN = /[a-z]+/gi;
const VOWEL = /[aeiouy]/i;
const NOT_JUDGED = /[\s\p{P}\p{Nd}a-z]/iu;
const MAX_LATIN_WORD = 20;
/** Printable ASCII between spaces (and Han text): a word, a number, a URL, or encoded data. */
const ASCII_TOKEN = /[\x21-\x7e]+/g;
const MAX_TOKEN = 40;

/**
 * @param dictionaryWords the dictionary words (two characters or more) in a
 *   text; default: the shipped segmenter's.
 */
export function languageShare(
  text: string,
  dictionaryWords: (text: string) => string[] = defaultDictionaryWords(),
): LanguageShare {
  let language = 0;
  let judged = 0;
  for (const raw of sampleWindows(text)) {
    const window = raw.normalize("NFKC");
    const han = hanCoverage(window, dictionaryWords);
    const latin = latinWords(window);
    const other = otherCharacters(window);
    language += han.covered + latin.words;
    judged += han.total + latin.total + other;
  }
  return { share: judged === 0 ? 1 : language / judged, judged };
}

function sampleWindows(text: string): string[] {
  if (text.length <= WINDOW * WINDOWS) return [text];
  const step = (text.length - WINDOW) / (WINDOWS - 1);
  return Array.from({ length: WINDOWS }, (_, i) => {
    const start = Math.round(i * step);
    return text.slice(start, start + WINDOW);
  });
}

/** Han characters, and those inside a dictionary word of two characters or more. */
function hanCoverage(
  text: string,
  dictionaryWords: (text: string) => string[],
): { total: number; covered: number } {
  const chars = [...text];
  if (!chars.some((ch) => HAN.test(ch))) return { total: 0, covered: 0 };
  const words = new Set(dictionaryWords(text));
  const known = new Array<boolean>(chars.length).fill(false);
  for (let i = 0; i < chars.length; i++) {
    let word = chars[i] ?? "";
    for (let len = 2; len <= LONGEST_WORD && i + len <= chars.length; len++) {
      word += chars[i + len - 1];
      if (words.has(word)) known.fill(true, i, i + len);
    }
  }
  let total = 0;
  let covered = 0;
  chars.forEach((ch, i) => {
    if (!HAN.test(ch)) return;
    total++;
    if (known[i]) covered++;
  });
  return { total, covered };
}

/**
 * Letters in runs of two or more, and those in runs that look like words. A
 * string with no space in it longer than a URL (base64, hex) holds no words.
 */
function latinWords(text: string): { total: number; words: number } {
  let total = 0;
  let words = 0;
  for (const [token] of text.matchAll(ASCII_TOKEN)) {
    const encoded = token.length > MAX_TOKEN;
    for (const [run] of token.matchAll(LATIN_RUN)) {
      if (run.length < 2) continue;
      total += run.length;
      if (!encoded && run.length <= MAX_LATIN_WORD && VOWEL.test(run)) words += run.length;
    }
  }
  return { total, words };
}

/** Characters that are neither Han, nor Latin letters, digits, punctuation or space. */
function otherCharacters(text: string): number {
  let n = 0;
  for (const ch of text) if (!HAN.test(ch) && !NOT_JUDGED.test(ch)) n++;
  return n;
}

let shared: ((text: string) => string[]) | undefined;

function defaultDictionaryWords(): (text: string) => string[] {
  if (!shared) {
    // The dictionary the index and the quality score use, so jieba is built once per process.
    const segmenter = createSegmenter({ synonyms: SynonymLexicon.shipped() });
    shared = (text) => segmenter.dictionaryWords(text);
  }
  return shared;
}
