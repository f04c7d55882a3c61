import { QingfengError } from "../errors.js";
import { fingerprint, fnv1a } from "../lexical/fingerprint.js";
import { normalizeText } from "../lexical/normalize.js";
import { createSegmenter, type Segmenter } from "../lexical/segmenter.js";
import { SynonymLexicon } from "../lexical/synonyms.js";
import type { Embedder } from "../types.js";
import { commonWordIdf, FULL_IDF, wordIdf } from "./word-idf.js";

export interface HashEmbedderOptions {
  /** Vector size. Default 512. */
  dimensions?: number;
  /** Synonyms used to canonicalise words. Default: the shipped lexicon. */
  synonyms?: SynonymLexicon;
  /** Word segmenter. Default: one whose dictionary includes the synonyms. */
  segmenter?: Segmenter;
  /** Where the IDF of common words is kept between processes (see commonWordIdf). */
  cacheDir?: string;
}

const VERSION = "hash-ngram-v1";

// Whole words (canonicalised) carry meaning; character n-grams catch
// wording variants and OCR damage the segmenter misses.
const FEATURE_WEIGHTS = { word: 1, unigram: 0.2, bigram: 0.5, trigram: 0.4 } as const;
// Common words (idf of 工作 4.2, 问题 4.0 in jieba's table) say little about
// a clause: a word weighs idf / FULL_IDF, at least MIN_WORD_WEIGHT.
const MIN_WORD_WEIGHT = 0.25;

/**
 * Offline embedder: feature hashing of Han character 1-3-grams and
 * synonym-canonicalised words (weighted by jieba's IDF table) into a signed,
 * L2-normalised vector. No model, no network, deterministic.
 */
export class HashEmbedder implements Embedder {
  readonly id: string;
  readonly dimensions: number;
  private readonly synonyms: SynonymLexicon;
  private readonly segmenter: Segmenter;
  private readonly cacheDir: string | undefined;

  constructor(options: HashEmbedderOptions = {}) {
    const dimensions = options.dimensions ?? 512;
    if (!Number.isInteger(dimensions) || dimensions < 8) {
      throw new QingfengError(
        "BAD_INPUT",
        `HashEmbedder dimensions must be an integer >= 8, got ${dimensions}`,
      );
    }
    this.dimensions = dimensions;
    this.synonyms = options.synonyms ?? SynonymLexicon.shipped();
    this.segmenter = options.segmenter ?? createSegmenter({ synonyms: this.synonyms });
    this.cacheDir = options.cacheDir;
    // The lexicons shape the features: a lexicon change must re-embed the corpus.
    const lexicon = fingerprint(this.segmenter.fingerprint, this.synonyms.fingerprint).slice(0, 8);
    this.id = `${VERSION}-${dimensions}-${lexicon}`;
  }

  warm(): void {
    this.segmenter.warm();
    commonWordIdf(this.cacheDir);
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    return documents.map((text) => this.embed(text));
  }

  async embedQuery(document: string): Promise<number[]> {
    return this.embed(document);
  }

  /** Synchronous embedding of one text. */
  embed(text: string): number[] {
    const features = this.features(text);
    const vector = new Float64Array(this.dimensions);
    for (const [feature, { weight, count }] of features) {
      const hash = fnv1a(feature);
      const sign = (mix(hash) & 1) === 0 ? 1 : -1;
      vector[hash % this.dimensions]! += sign * weight * (1 + Math.log(count));
    }
    let norm = 0;
    for (const value of vector) norm += value * value;
    // Opposite-signed collisions could in theory cancel everything out.
    norm = Math.sqrt(norm) || 1;
    return Array.from(vector, (value) => value / norm);
  }

  private features(text: string): Map<string, { weight: number; count: number }> {
    const features = new Map<string, { weight: number; count: number }>();
    const add = (feature: string, weight: number): void => {
      const entry = features.get(feature);
      if (entry === undefined) features.set(feature, { weight, count: 1 });
      else entry.count += 1;
    };
    const normalized = normalizeText(text);
    for (const run of normalized.match(/\p{Script=Han}+/gu) ?? []) {
      const chars = [...run];
      for (let i = 0; i < chars.length; i++) {
        add(`1:${chars[i]}`, FEATURE_WEIGHTS.unigram);
        if (i + 1 < chars.length) add(`2:${chars[i]}${chars[i + 1]}`, FEATURE_WEIGHTS.bigram);
        if (i + 2 < chars.length) {
          add(`3:${chars[i]}${chars[i + 1]}${chars[i + 2]}`, FEATURE_WEIGHTS.trigram);
        }
      }
    }
    for (const token of this.segmenter.tokenize(normalized)) {
      const idfWeight = Math.max(MIN_WORD_WEIGHT, wordIdf(token, this.cacheDir) / FULL_IDF);
      add(`w:${this.synonyms.canonical(token)}`, FEATURE_WEIGHTS.word * idfWeight);
    }
    // Text with no words (punctuation only, empty) still needs a unit vector.
    if (features.size === 0) add("empty", 1);
    return features;
  }
}

/** murmur3 finaliser: decorrelates the sign bit from the bucket index. */
function mix(hash: number): number {
  let h = hash;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
