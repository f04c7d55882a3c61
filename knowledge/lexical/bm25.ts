import { QingfengError } from "../errors.js";
import type { Bm25Snapshot } from "./bm25-snapshot.js";
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
 * The documents holding one term, as parallel arrays: cheap to build and to
 * scan. Loaded from a snapshot they are typed views, copied on first change.
 */
interface Posting {
  ids: number[] | Int32Array;
  tfs: number[] | Int32Array;
}

/**
 * In-memory Okapi BM25 over chunk ids. Postings per term, so a query touches
 * only the documents that contain its terms. Postings are plain arrays — the
 * index is rebuilt at every start from cached tokens, and arrays build several
 * times faster than maps; a removed document is dropped from them lazily, the
 * next time they are read.
 */
export class Bm25Index {
  private readonly k1: number;
  private readonly b: number;
  private readonly postings = new Map<string, Posting>();
  private readonly docLength = new Map<number, number>();
  /** Ids removed since the postings were last compacted. */
  private readonly removed = new Set<number>();
  private totalLength = 0;
  /** Cached per-document length norms (cleared by any change). */
  private norms: Float64Array | undefined;
  private scratch: { scores: Float64Array; best: Float64Array } | undefined;

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
    this.compact();
    return this.postings.get(term)?.ids.length ?? 0;
  }

  has(id: number): boolean {
    return this.docLength.has(id);
  }

  /** Indexes a document's tokens; an id already present is replaced. */
  add(id: number, tokens: readonly string[]): void {
    if (this.docLength.has(id)) this.remove(id);
    // Postings are read after compaction; a re-added id must not be dropped by it.
    if (this.removed.size > 0) this.compact();
    const tf = new Map<string, number>();
    for (const token of tokens) tf.set(token, (tf.get(token) ?? 0) + 1);
    for (const [term, count] of tf) {
      const posting = this.postings.get(term);
      if (posting === undefined) {
        this.postings.set(term, { ids: [id], tfs: [count] });
      } else if (Array.isArray(posting.ids) && Array.isArray(posting.tfs)) {
        posting.ids.push(id);
        posting.tfs.push(count);
      } else {
        this.postings.set(term, {
          ids: [...posting.ids, id],
          tfs: [...posting.tfs, count],
        });
      }
    }
    this.docLength.set(id, tokens.length);
    this.totalLength += tokens.length;
    this.norms = undefined;
  }

  /** Removes a document; returns false when the id was not indexed. */
  remove(id: number): boolean {
    const length = this.docLength.get(id);
    if (length === undefined) return false;
    this.totalLength -= length;
    this.docLength.delete(id);
    this.removed.add(id);
    this.norms = undefined;
    return true;
  }

  /**
   * The k best documents for a weighted query, best first (ties by id). A
   * term asked twice counts once, at its highest weight; terms of one group
   * (a word and its synonyms) add only their best score per document.
   */
  search(query: readonly WeightedToken[], k: number): ScoredId[] {
    this.compact();
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
    const norms = this.lengthNorms();
    const scratch = this.scratchFor(norms.length);
    const { scores, best } = scratch;
    const touched: number[] = [];
    for (const terms of groups.values()) {
      const group: number[] = [];
      for (const [term, weight] of terms) {
        const posting = this.postings.get(term);
        if (posting === undefined) continue;
        const df = posting.ids.length;
        // The "+1" form keeps idf positive for very common terms.
        const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        const scale = weight * idf * (this.k1 + 1);
        const { ids, tfs } = posting;
        for (let i = 0; i < df; i++) {
          const id = ids[i] as number;
          const tf = tfs[i] as number;
          const score = (scale * tf) / (tf + (norms[id] as number));
          const before = best[id] as number;
          if (score > before) {
            if (before === 0) group.push(id);
            best[id] = score;
          }
        }
      }
      for (const id of group) {
        if (scores[id] === 0) touched.push(id);
        scores[id] = (scores[id] as number) + (best[id] as number);
        best[id] = 0;
      }
    }
    const top = topK(touched, scores, k);
    for (const id of touched) scores[id] = 0;
    return top;
  }

  /** k1·(1 − b + b·length/avg) per document id, cached until the index changes. */
  private lengthNorms(): Float64Array {
    if (this.norms) return this.norms;
    let maxId = 0;
    for (const id of this.docLength.keys()) if (id > maxId) maxId = id;
    const avgLength = this.totalLength / this.docLength.size || 1;
    const norms = new Float64Array(maxId + 1);
    for (const [id, length] of this.docLength) {
      norms[id] = this.k1 * (1 - this.b + (this.b * length) / avgLength);
    }
    this.norms = norms;
    return norms;
  }

  /** Score buffers by document id, reused by every search (searches never overlap). */
  private scratchFor(size: number): { scores: Float64Array; best: Float64Array } {
    if (!this.scratch || this.scratch.scores.length < size) {
      this.scratch = { scores: new Float64Array(size), best: new Float64Array(size) };
    }
    return this.scratch;
  }

  /** The indexed document ids. */
  ids(): IterableIterator<number> {
    return this.docLength.keys();
  }

  /** Everything the index holds, for a snapshot file. */
  export(): Omit<Bm25Snapshot, "fingerprint" | "ids"> {
    this.compact();
    const terms = [...this.postings.keys()];
    return {
      docIds: Int32Array.from(this.docLength.keys()),
      docLengths: Int32Array.from(this.docLength.values()),
      terms,
      postings: terms.map((term) => {
        const p = this.postings.get(term) as Posting;
        return { ids: Int32Array.from(p.ids), tfs: Int32Array.from(p.tfs) };
      }),
    };
  }

  /** Replaces the contents with a snapshot's. */
  import(snapshot: Omit<Bm25Snapshot, "fingerprint" | "ids">): void {
    this.postings.clear();
    this.docLength.clear();
    this.removed.clear();
    this.totalLength = 0;
    this.norms = undefined;
    snapshot.docIds.forEach((id, i) => {
      const length = snapshot.docLengths[i] ?? 0;
      this.docLength.set(id, length);
      this.totalLength += length;
    });
    snapshot.terms.forEach((term, i) => {
      const p = snapshot.postings[i];
      if (p) this.postings.set(term, p);
    });
  }

  /** Drops removed documents from the postings (after removals only). */
  private compact(): void {
    if (this.removed.size === 0) return;
    for (const [term, posting] of this.postings) {
      const ids: number[] = [];
      const tfs: number[] = [];
      for (let i = 0; i < posting.ids.length; i++) {
        const id = posting.ids[i] as number;
        if (this.removed.has(id)) continue;
        ids.push(id);
        tfs.push(posting.tfs[i] as number);
      }
      if (ids.length === 0) this.postings.delete(term);
      else this.postings.set(term, { ids, tfs });
    }
    this.removed.clear();
  }
}

/** The k best of the touched ids, best first, ties by id (a bounded selection, not a full sort). */
function topK(ids: number[], scores: Float64Array, k: number): ScoredId[] {
  const better = (a: ScoredId, b: ScoredId) =>
    a.score > b.score || (a.score === b.score && a.id < b.id);
  const kept: ScoredId[] = [];
  for (const id of ids) {
    const entry = { id, score: scores[id] as number };
    if (kept.length < k) {
      kept.push(entry);
      if (kept.length === k) kept.sort((a, b) => (better(a, b) ? -1 : 1));
      continue;
    }
    const worst = kept[k - 1] as ScoredId;
    if (!better(entry, worst)) continue;
    // Insert in order; k is small (tens), so a linear shift is cheap.
    let at = k - 1;
    while (at > 0 && better(entry, kept[at - 1] as ScoredId)) {
      kept[at] = kept[at - 1] as ScoredId;
      at--;
    }
    kept[at] = entry;
  }
  return kept.length < k ? kept.sort((a, b) => (better(a, b) ? -1 : 1)) : kept;
}
