import { join } from "node:path";
import { Jieba } from "@node-rs/jieba";
import { derivedValue } from "./derived-file.js";
import { fingerprint } from "./fingerprint.js";
import { jiebaDictBytes, jiebaTableSizes } from "./jieba-tables.js";
import { readShippedLexicon } from "./lexicon-files.js";
import { isWordToken, normalizeText } from "./normalize.js";
import { eachWordLine } from "./word-lines.js";

function keep(token: string): boolean {
  return isWordToken(token) && !STOP_WORDS.has(token);
}

/** Frequency given to dictionary words listed without one. */
const DEFAULT_FREQ = 3000;

/**
 * Function words and question scaffolding. Content words that look small
 * (收, 送, 拿, 请, 给, 不) stay: they carry the question.
 */
const STOP_WORDS = new Set(
  (
    "的 地 得 了 着 过 吗 呢 吧 啊 呀 嘛 么 哦 哈 是 在 和 与 及 或 或者 等 等等 " +
    "我 你 您 他 她 它 我们 你们 他们 咱们 自己 这 那 这个 那个 这些 那些 这样 那样 " +
    "有 也 都 就 还 又 而 并 且 把 将 被 让 由 对 于 之 其 以 为 从 到 向 一下 一个 些 " +
    "可以 可否 能 能否 能不能 可不可以 会 会不会 是否 是不是 行不行 要 需要 " +
    "请问 怎么 怎么办 怎样 怎么样 如何 什么 哪些 哪个 为什么 多少 啥"
  ).split(" "),
);

interface DictEntry {
  word: string;
  freq?: number;
  tag?: string;
}

/** Parses jieba user-dictionary text: "word [freq] [tag]" per line, # comments. */
function parseUserDict(text: string): DictEntry[] {
  const entries: DictEntry[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, "").trim();
    if (line === "") continue;
    const [word, second, third] = line.split(/\s+/);
    if (word === undefined) continue;
    const freq = second !== undefined && /^\d+$/.test(second) ? Number(second) : undefined;
    const tag = freq === undefined ? second : third;
    const entry: DictEntry = { word: normalizeText(word) };
    if (freq !== undefined) entry.freq = freq;
    if (tag !== undefined) entry.tag = tag;
    entries.push(entry);
  }
  return entries;
}

let defaultDictText: string | undefined;

/** jieba's default dictionary as text, decoded once per process (it is several MB). */
function defaultDictionary(): string {
  defaultDictText ??= new TextDecoder().decode(jiebaDictBytes());
  return defaultDictText;
}

/** Frequencies of `words` in jieba's default dictionary (absent words are left out). */
function defaultFrequencies(words: ReadonlySet<string>): Map<string, number> {
  const found = new Map<string, number>();
  if (words.size === 0) return found;
  eachWordLine(defaultDictionary(), (word, freq) => {
    if (words.has(word)) found.set(word, Number(freq));
  });
  return found;
}

/**
 * Turns entries into loadable dictionary text. jieba ignores a word without a
 * frequency, so every line gets one; a listed word never lowers the default
 * dictionary's frequency unless the line says so explicitly.
 */
function toDictText(entries: DictEntry[]): string {
  const merged = new Map<string, DictEntry>();
  for (const entry of entries) {
    // Single characters are always candidate tokens; re-weighting them only perturbs other words.
    if (entry.freq === undefined && [...entry.word].length < 2) continue;
    const previous = merged.get(entry.word);
    merged.set(entry.word, {
      word: entry.word,
      freq: entry.freq ?? previous?.freq,
      tag: entry.tag ?? previous?.tag,
    });
  }
  const missing = new Set(
    [...merged.values()].filter((e) => e.freq === undefined).map((e) => e.word),
  );
  const known = defaultFrequencies(missing);
  const lines: string[] = [];
  for (const entry of merged.values()) {
    const freq = entry.freq ?? Math.max(known.get(entry.word) ?? 0, DEFAULT_FREQ);
    lines.push(
      entry.tag === undefined ? `${entry.word} ${freq}` : `${entry.word} ${freq} ${entry.tag}`,
    );
  }
  return lines.join("\n");
}

// jieba's search mode adds only the 2- and 3-character words inside a long
// word, so 医疗机构工作人员 would hide 医疗机构 and 工作人员. Known words of
// four or more characters inside a longer token are added too.
const LONG_WORD = 4;
const NOT_ASCII = /[^\x00-\x7f]/;

// Building a Jieba from the default dictionary takes ~200 ms and loadDict
// mutates the instance, so instances are cached per exact user dictionary.
const MAX_CACHED = 4;
const jiebaCache = new Map<string, Jieba>();

function jiebaFor(userDictText: string): Jieba {
  const cached = jiebaCache.get(userDictText);
  if (cached !== undefined) return cached;
  const jieba = Jieba.withDict(jiebaDictBytes());
  if (userDictText !== "") jieba.loadDict(new TextEncoder().encode(userDictText));
  if (jiebaCache.size >= MAX_CACHED) {
    const oldest = jiebaCache.keys().next().value;
    if (oldest !== undefined) jiebaCache.delete(oldest);
  }
  jiebaCache.set(userDictText, jieba);
  return jieba;
}

export interface SegmenterOptions {
  /** Load knowledge/lexicon/user-dict.txt before the extra text (default true). */
  includeShipped?: boolean;
  /**
   * Directory where the merged dictionary is kept between processes: merging
   * scans jieba's whole dictionary, a cost a cold `qingfeng ask` need not pay.
   */
  cacheDir?: string;
}

/**
 * Chinese word segmentation for indexing and queries: normalise, jieba
 * search-mode cut (whole terms plus their sub-words), drop punctuation and
 * function words.
 */
export class Segmenter {
  /** Identifies the dictionary and rules in use: tokens change when it changes. */
  readonly fingerprint: string;
  private readonly entries: DictEntry[];
  private loaded: Jieba | undefined;
  private readonly userLongWords: Set<string>;
  private readonly cacheDir: string | undefined;

  /**
   * @param extraUserDict jieba user-dictionary text added after the shipped
   *   one ("word [freq] [tag]" lines, # comments), e.g. an admin file or
   *   synonym words.
   */
  constructor(extraUserDict = "", options: SegmenterOptions = {}) {
    const texts = options.includeShipped === false ? [] : [readShippedLexicon("user-dict.txt")];
    texts.push(extraUserDict);
    const entries = texts.flatMap(parseUserDict);
    this.entries = entries;
    this.cacheDir = options.cacheDir;
    this.userLongWords = new Set(entries.map((e) => e.word).filter((w) => w.length >= LONG_WORD));
    // Of the inputs, not of the merged dictionary text: merging reads jieba's whole
    // dictionary, which can wait for warm(). The default dictionary is named by its size.
    this.fingerprint = fingerprint(
      "segmenter-v2",
      entries.map((e) => `${e.word} ${e.freq ?? ""} ${e.tag ?? ""}`).join("\n"),
      String(jiebaTableSizes().dict),
      [...STOP_WORDS].join(" "),
    );
  }

  /**
   * Builds the dictionary now rather than at the first cut. Building takes a
   * few hundred milliseconds of this thread: a caller with I/O running
   * elsewhere (the vector index read on a worker) warms it meanwhile.
   */
  warm(): void {
    void this.jieba;
  }

  private get jieba(): Jieba {
    if (this.loaded) return this.loaded;
    const file =
      this.cacheDir === undefined ? undefined : join(this.cacheDir, "segmenter-dict.json");
    // The fingerprint names the entries and jieba's dictionary: all the merged text depends on.
    const dictText = derivedValue(file, this.fingerprint, () => toDictText(this.entries));
    this.loaded = jiebaFor(dictText);
    return this.loaded;
  }

  /**
   * Search-mode tokens of `text`, in order, repeats kept (term frequency
   * matters), followed by dictionary-only tokens the HMM pass glued away.
   */
  tokenize(text: string): string[] {
    const normalized = normalizeText(text);
    if (normalized.trim() === "") return [];
    const tokens: string[] = [];
    for (const token of this.jieba.cutForSearch(normalized, true)) {
      if (!keep(token)) continue;
      tokens.push(token);
      if (token.length > LONG_WORD) this.pushLongSubwords(token, tokens);
    }
    // The HMM joins unknown runs of single characters into new words, which
    // finds names but also glues "能收吗" into 能收 and hides 收; a
    // dictionary-only pass gets such words back.
    const seen = new Set(tokens);
    for (const token of this.jieba.cutForSearch(normalized, false)) {
      if (!seen.has(token) && keep(token)) {
        seen.add(token);
        tokens.push(token);
      }
    }
    return tokens;
  }

  /** Every dictionary word of two characters or more found in `text`, overlapping ones included. */
  dictionaryWords(text: string): string[] {
    return this.jieba.cutAll(normalizeText(text)).filter((w) => [...w].length >= 2);
  }

  private pushLongSubwords(word: string, out: string[]): void {
    // jieba's full mode lists every dictionary word inside `word`: asking it
    // spares holding the dictionary's long words as a set of our own. It also
    // lists runs of Latin letters and digits (2021) that are no dictionary word.
    const known = new Set(this.jieba.cutAll(word).filter((w) => NOT_ASCII.test(w)));
    for (let size = LONG_WORD; size < word.length; size++) {
      for (let start = 0; start + size <= word.length; start++) {
        const sub = word.slice(start, start + size);
        if (this.userLongWords.has(sub) || known.has(sub)) out.push(sub);
      }
    }
  }
}

/** Something that can name extra dictionary words, such as a SynonymLexicon. */
export interface DictionaryWordSource {
  userDictWords(): string[];
}

/**
 * Builds a Segmenter whose dictionary also holds every synonym, so words like
 * 药代 and 好处费 come out as tokens that synonym expansion can find.
 */
export function createSegmenter(
  options: { synonyms?: DictionaryWordSource; extraUserDict?: string } & SegmenterOptions = {},
): Segmenter {
  const parts = [options.extraUserDict ?? "", ...(options.synonyms?.userDictWords() ?? [])];
  return new Segmenter(parts.join("\n"), options);
}
