import { QingfengError } from "../errors.js";
import type { WeightedToken } from "./weighted-token.js";

export interface Bm25Options {
  /** Term-frequency saturation. Default 1.2. */
  k1?: number;
  /** Length normalisation, 0 (none) to 1 (full). Default 0.75. */
  b?: number;
}

export interface ScoredId {
  id: number;
  score: number;
}

/**
 * In-memory Okapi BM25 over chunk ids. Postings per term, so a query touches
 * only the documents that contain its terms.
 */
export class Bm25Index {
  private readonly k1: number;
  private readonly b: number;
  /** term → (doc id → term frequency) */
  private readonly postings = new Map<string, Map<number, number>>();
  /** doc id → distinct terms, so remove() finds its postings. */
  private readonly docTerms = new Map<number, string[]>();
  private readonly docLength = new Map<number, number>();
  private totalLength = 0;

  constructor(options: Bm25Options = {}) {
    this.k1 = options.k1 ?? 1.2;
    this.b = options.b ?? 0.75;
    if (!(this.k1 >= 0) || !(this.b >= 0 && this.b <= 1)) {
      throw new QingfengError(
        "BAD_INPUT",
        `BM25 needs k1 >= 0 and 0 <= b <= 1, got k1=${this.k1} b=${this.b}`,
      );
    }
  }

  /** Number of indexed documents. */
  get size(): number {
    return this.docLength.size;
  }

  /** Number of documents containing `term`. */
  documentFrequency(term: string): number {
    return this.postings.get(term)?.size ?? 0;
  }

  has(id: number): boolean {
    return this.docLength.has(id);
  }

  /** Indexes a document's tokens; an id already present is replaced. */
  add(id: number, tokens: readonly string[]): void {
    if (this.docLength.has(id)) this.remove(id);
    const tf = new Map<string, number>();
    for (const token of tokens) tf.set(token, (tf.get(token) ?? 0) + 1);
    for (const [term, count] of tf) {
      let posting = this.postings.get(term);
      if (posting === undefined) {
        posting = new Map();
        this.postings.set(term, posting);
      }
      posting.set(id, count);
    }
    this.docTerms.set(id, [...tf.keys()]);
    this.docLength.set(id, tokens.length);
    this.totalLength += tokens.length;
  }

  /** Removes a document; returns false when the id was not indexed. */
  remove(id: number): boolean {
    const terms = this.docTerms.get(id);
    if (terms === undefined) return false;
    for (const term of terms) {
      const posting = this.postings.get(term);
      if (posting === undefined) continue;
      posting.delete(id);
      if (posting.size === 0) this.postings.delete(term);
    }
    this.totalLength -= this.docLength.get(id) ?? 0;
    this.docTerms.delete(id);
    this.docLength.delete(id);
    return true;
  }

  /**
   * The k best documents for a weighted query, best first (ties by id). A
   * term asked twice counts once, at its highest weight; terms of one group
   * (a word and its synonyms) add only their best score per document.
   */
  search(query: readonly WeightedToken[], k: number): ScoredId[] {
    const n = this.docLength.size;
    if (n === 0 || k <= 0) return [];
    const groups = new Map<string, Map<string, number>>();
    for (const { token, weight, group } of query) {
      if (!(weight > 0)) continue;
      let terms = groups.get(group ?? token);
      if (terms === undefined) {
        terms = new Map();
        groups.set(group ?? token, terms);
      }
      if (weight > (terms.get(token) ?? 0)) terms.set(token, weight);
    }
    const avgLength = this.totalLength / n || 1;
    const scores = new Map<number, number>();
    for (const terms of groups.values()) {
      const best = new Map<number, number>();
      for (const [term, weight] of terms) {
        const posting = this.postings.get(term);
        if (posting === undefined) continue;
        const df = posting.size;
        // The "+1" form keeps idf positive for very common terms.
        const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        for (const [id, tf] of posting) {
          const length = this.docLength.get(id) ?? 0;
          const norm = tf + this.k1 * (1 - this.b + (this.b * length) / avgLength);
          const score = (weight * idf * tf * (this.k1 + 1)) / norm;
          if (score > (best.get(id) ?? 0)) best.set(id, score);
        }
      }
      for (const [id, score] of best) scores.set(id, (scores.get(id) ?? 0) + score);
    }
    return topK(scores, k);
  }
}

function topK(scores: Map<number, number>, k: number): ScoredId[] {
  const all: ScoredId[] = [];
  for (const [id, score] of scores) all.push({ id, score });
  all.sort((a, b) => b.score - a.score || a.id - b.id);
  return all.length > k ? all.slice(0, k) : all;
}
