import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { jiebaDictBytes } from "./jieba-tables.js";
import { createSegmenter } from "./segmenter.js";
import { SynonymLexicon } from "./synonyms.js";

/**
 * How clean a clause's text is, 0–1. A scan or OCR'd scrape swaps characters
 * for ones that look alike ("临乐诊疗规范", "梏床诊疗行为", "业芬行为", "持续推迸",
 * "利益钺条", "医疔", "负责人(叁字)"): the swapped characters then belong to no
 * word. Each Han character is checked against what clean Chinese is made of —
 * the words of jieba's dictionary (and the domain dictionary) that the text
 * contains, the character pairs the clean documents of the shipped corpus
 * share (policy jargon such as 依规, 落细, 风清气正 that no general dictionary
 * lists), and the function words that stand alone (的, 或, 等). A character
 * that is none of these is suspect, weighing more the rarer it is in Chinese
 * (梏, 钺, 疔 are rare; a lone 局 or 委 is an abbreviation). The score falls
 * with the suspect weight per Han character.
 */
export interface TextQualityScorer {
  score(text: string): number;
}

/** Below this a clause reads as damaged: cite a clean edition of it when there is one. */
export const LOW_QUALITY = 0.9;

/**
 * A document whose text, taken together, scores below this is a scan or OCR
 * source (DocumentMeta.scan): its damage is spread, not one odd abbreviation.
 */
export const SCAN_DOCUMENT_QUALITY = 0.97;

/** A single character standing as a word this often in jieba's dictionary is a function word. */
const FUNCTION_WORD_FREQ = 20_000;
/** How fast the score falls with the suspect weight per Han character. */
const STEEPNESS = 10;
const HAN = /\p{Script=Han}/u;
/** An outline number opening the text ("（四）", "第三条"): its numeral is no word. */
const LEADING_MARKER =
  /^\s*(?:第[一二三四五六七八九十百零〇\d]{1,5}[条章]|[一二三四五六七八九十]{1,3}[、，,]|[（(][一二三四五六七八九十]{1,3}[）)]|[（(]\d{1,2}[）)]|\d{1,2}\s?[.．、])/;

export interface TextQualityOptions {
  /**
   * Texts whose shared character pairs count as known (a pair must occur in
   * two of them, so one source's OCR errors never vouch for themselves).
   * Default: none.
   */
  referenceTexts?: string[];
  /**
   * The dictionary words (two characters or more) found in a text. Default: a
   * segmenter with the shipped domain dictionary and synonyms — the one the
   * index uses when no admin dictionary is set, so jieba is loaded once.
   */
  dictionaryWords?: (text: string) => string[];
}

interface CharStats {
  /** How often a character occurs in dictionary words, weighted by their frequency. */
  charFreq: Map<string, number>;
  /** Frequency of a character standing alone as a word. */
  wordFreq: Map<string, number>;
}

let stats: CharStats | undefined;

function charStats(): CharStats {
  if (stats) return stats;
  const charFreq = new Map<string, number>();
  const wordFreq = new Map<string, number>();
  const text = new TextDecoder().decode(jiebaDictBytes());
  let pos = 0;
  while (pos < text.length) {
    let end = text.indexOf("\n", pos);
    if (end < 0) end = text.length;
    const line = text.slice(pos, end);
    pos = end + 1;
    const space = line.indexOf(" ");
    if (space <= 0) continue;
    const word = line.slice(0, space);
    const freq = Number.parseInt(line.slice(space + 1), 10) || 0;
    const chars = [...word];
    if (chars.length === 1) wordFreq.set(word, freq);
    for (const ch of new Set(chars)) charFreq.set(ch, (charFreq.get(ch) ?? 0) + freq);
  }
  stats = { charFreq, wordFreq };
  return stats;
}

export class TextQuality implements TextQualityScorer {
  private readonly dictionaryWords: (text: string) => string[];
  private readonly stats: CharStats;
  private readonly pairs: Set<string>;

  constructor(options: TextQualityOptions = {}) {
    if (options.dictionaryWords) {
      this.dictionaryWords = options.dictionaryWords;
    } else {
      const segmenter = createSegmenter({ synonyms: SynonymLexicon.shipped() });
      this.dictionaryWords = (text) => segmenter.dictionaryWords(text);
    }
    this.stats = charStats();
    this.pairs = sharedPairs(options.referenceTexts ?? []);
  }

  /** 1 for clean text, falling towards 0 as more of its Han characters look like scan damage. */
  score(text: string): number {
    const { han, suspect } = this.measure(text);
    if (han === 0) return 1;
    return round(Math.max(0, 1 - (STEEPNESS * suspect) / han));
  }

  /** Han characters and their summed suspect weight. */
  measure(text: string): { han: number; suspect: number } {
    const normalized = text.normalize("NFKC").replace(LEADING_MARKER, (m) => " ".repeat(m.length));
    const chars = [...normalized];
    const known = new Array<boolean>(chars.length).fill(false);
    const words = new Set(this.dictionaryWords(normalized));
    const longest = Math.min(8, Math.max(0, ...[...words].map((w) => [...w].length)));
    for (let i = 0; i < chars.length; i++) {
      const ch = chars[i] ?? "";
      if (!HAN.test(ch)) continue;
      if ((this.stats.wordFreq.get(ch) ?? 0) >= FUNCTION_WORD_FREQ) known[i] = true;
      let word = ch;
      for (let len = 2; len <= longest && i + len <= chars.length; len++) {
        word += chars[i + len - 1];
        if (words.has(word)) known.fill(true, i, i + len);
      }
      if (this.pairs.has(ch + (chars[i + 1] ?? ""))) known.fill(true, i, i + 2);
    }
    let han = 0;
    let suspect = 0;
    chars.forEach((ch, i) => {
      if (!HAN.test(ch)) return;
      han++;
      if (!known[i]) suspect += rarityWeight(this.stats.charFreq.get(ch) ?? 0);
    });
    return { han, suspect };
  }
}

/** A rare character out of any word is most likely a misread; a common one, an abbreviation. */
function rarityWeight(charFreq: number): number {
  if (charFreq < 2_000) return 1;
  if (charFreq < 5_000) return 0.5;
  if (charFreq < 20_000) return 0.25;
  return 0.05;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/** Han character pairs found in at least two of the texts. */
function sharedPairs(texts: string[]): Set<string> {
  const seen = new Map<string, number>();
  for (const text of texts) {
    const chars = [...text.normalize("NFKC")];
    const own = new Set<string>();
    for (let i = 0; i + 1 < chars.length; i++) {
      const a = chars[i] ?? "";
      const b = chars[i + 1] ?? "";
      if (HAN.test(a) && HAN.test(b)) own.add(a + b);
    }
    for (const pair of own) seen.set(pair, (seen.get(pair) ?? 0) + 1);
  }
  return new Set([...seen].filter(([, n]) => n >= 2).map(([pair]) => pair));
}

/**
 * The quality of a document's text taken together: its chunks' scores
 * weighted by their Han characters.
 */
export function documentQuality(chunks: { text: string; quality?: number | undefined }[]): number {
  let han = 0;
  let sum = 0;
  for (const c of chunks) {
    const n = c.text.match(/\p{Script=Han}/gu)?.length ?? 0;
    han += n;
    sum += n * (c.quality ?? 1);
  }
  return han === 0 ? 1 : round(sum / han);
}

// tsc does not copy .txt files into dist/, so a compiled module falls back to
// the source tree (dist/knowledge/lexical → knowledge/corpus).
const CORPUS_DIRS = ["../corpus/", "../../../knowledge/corpus/"];

/** The texts of the shipped corpus (knowledge/corpus/*.txt), raw; none when it is not installed. */
export function shippedCorpusTexts(): string[] {
  for (const dir of CORPUS_DIRS) {
    const path = fileURLToPath(new URL(dir, import.meta.url));
    if (!existsSync(path)) continue;
    return readdirSync(path)
      .filter((f) => f.endsWith(".txt"))
      .sort()
      .map((f) => readFileSync(`${path}${f}`, "utf8"));
  }
  return [];
}

let shared: TextQuality | undefined;

/**
 * The scorer ingest and the store use: jieba's dictionary, the shipped domain
 * dictionary and the character pairs the shipped corpus files share. Built
 * once per process (about half a second).
 */
export function defaultTextQuality(): TextQuality {
  shared ??= new TextQuality({ referenceTexts: shippedCorpusTexts() });
  return shared;
}
