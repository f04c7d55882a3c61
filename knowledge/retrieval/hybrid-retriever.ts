import type { WeightedKind } from "../conduct/kind-index.js";
import type { KnowledgeIndex } from "../index/knowledge-index.js";
import { LOW_QUALITY } from "../lexical/text-quality.js";
import type { KnowledgeStore } from "../ports/knowledge-store.js";
import type { SearchHit, StoredChunk } from "../types.js";
import { containment, coveredBy, hanBigrams, NEAR_DUPLICATE } from "./near-duplicates.js";

/** Near-duplicate threshold when one side is a damaged (scan/OCR) text. */
const DAMAGED_DUPLICATE = 0.6;

/** Share of a clause another must carry to state the same rule (edited copies included). */
const SAME_RULE = 0.7;

export interface RetrieverOptions {
  /** Candidates taken from each ranking before fusion. */
  candidates?: number;
  /** Reciprocal-rank-fusion constant. */
  rrfK?: number;
  lexicalWeight?: number;
  denseWeight?: number;
  /** Weight of a full match on the asked kinds of conduct, in first-rank units. */
  kindWeight?: number;
}

/** Candidates read from the store at a time, best first. */
const FETCH_BATCH = 24;

export interface SearchOptions {
  /** Kinds of conduct the question asks about: clauses that rule on them rank up. */
  kinds?: readonly WeightedKind[] | undefined;
  /** The kinds only name the topic (when/where/who questions): any clause on them ranks up alike. */
  kindsAsTopic?: boolean | undefined;
}

export interface Retrieval {
  query: string;
  hits: SearchHit[];
  /** Query words, for coverage checks by the answerer. */
  queryTokens: string[];
  /**
   * How much of the question (idf-weighted words, synonyms allowed) the best
   * hits contain, 0–1. Low coverage means the documents do not address it.
   */
  coverage: number;
  /** Year of the newest official document in the store. */
  newestYear?: number | undefined;
}

/**
 * Hybrid retrieval: BM25 over segmented words with synonym expansion, and
 * dense vectors, fused by weighted reciprocal rank. Exact and near-duplicate
 * clauses (the same text in several documents and editions) collapse into one
 * hit that lists where else it appears.
 */
export class HybridRetriever {
  private readonly candidates: number;
  private readonly rrfK: number;
  private readonly lexicalWeight: number;
  private readonly denseWeight: number;
  private readonly kindWeight: number;

  constructor(
    private readonly deps: { store: KnowledgeStore; index: KnowledgeIndex },
    options: RetrieverOptions = {},
  ) {
    this.candidates = options.candidates ?? 40;
    this.rrfK = options.rrfK ?? 60;
    this.lexicalWeight = options.lexicalWeight ?? 1;
    this.denseWeight = options.denseWeight ?? 0.6;
    this.kindWeight = options.kindWeight ?? 2.5;
  }

  async search(query: string, k = 5, options: SearchOptions = {}): Promise<Retrieval> {
    const { index, store } = this.deps;
    const { tokens, weighted } = index.queryTokens(query);
    const lexical = index.bm25.search(weighted, this.candidates);
    const dense = index.vectors.search(await index.embedQuery(query), this.candidates);

    const fused = new Map<number, number>();
    lexical.forEach((h, rank) => {
      fused.set(h.id, (fused.get(h.id) ?? 0) + this.lexicalWeight / (this.rrfK + rank + 1));
    });
    dense.forEach((h, rank) => {
      fused.set(h.id, (fused.get(h.id) ?? 0) + this.denseWeight / (this.rrfK + rank + 1));
    });
    // The kind match is a score, not a rank: clauses that rule on the asked conduct
    // rise together, and words and vectors order them among themselves.
    const kinds = index.kinds.rank(options.kinds ?? [], this.candidates, {
      topicOnly: options.kindsAsTopic,
    });
    const best = kinds[0]?.score ?? 0;
    // Relative to the best clause, scaled by how much the asked kind is to steer at all.
    const steer = Math.max(0, ...(options.kinds ?? []).map((k) => k.weight));
    for (const h of kinds) {
      const bonus = (this.kindWeight * steer * (h.score / best)) / (this.rrfK + 1);
      fused.set(h.id, (fused.get(h.id) ?? 0) + bonus);
    }
    const ranked = [...fused].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    const chunks = new Map<number, StoredChunk>();

    const hits: (SearchHit & { bigrams: Set<string> })[] = [];
    let lastKept = 0;
    for (let i = 0; i < ranked.length; i++) {
      // Other editions of a kept clause rank right beside it: past a window after the
      // last kept hit, nothing more is collapsed into the answer's hits.
      if (hits.length >= k && i > lastKept + 2 * k) break;
      if (!chunks.has(ranked[i]?.[0] ?? -1)) {
        const batch = ranked.slice(i, i + FETCH_BATCH).map(([id]) => id);
        for (const c of await store.getChunks(batch)) chunks.set(c.id, c);
      }
      const [id, score] = ranked[i] as [number, number];
      const chunk = chunks.get(id);
      if (!chunk) continue;
      const bigrams = hanBigrams(chunk.text);
      // OCR damage breaks character pairs: a damaged copy matches its clean edition less.
      const same = hits.find(
        (h) =>
          containment(h.bigrams, bigrams) >=
          (Math.min(h.quality ?? 1, chunk.quality ?? 1) < LOW_QUALITY
            ? DAMAGED_DUPLICATE
            : NEAR_DUPLICATE),
      );
      if (same) {
        if (isNewerEdition(chunk, same)) {
          // Cite the newest edition first; the older one becomes "also in".
          const older = { ...same };
          Object.assign(same, hitFromChunk(chunk, same.score), { bigrams });
          addAlsoHit(same, older);
        } else {
          addAlso(same, chunk);
        }
        continue;
      }
      if (hits.length < k) {
        hits.push({ ...hitFromChunk(chunk, score), bigrams });
        lastKept = i;
      }
    }
    const result = hits.map(({ bigrams: _b, ...hit }) => ({
      ...hit,
      kinds: index.kinds.tagsOf(hit.chunkId),
    }));
    return {
      query,
      hits: result,
      queryTokens: tokens,
      coverage: this.coverage(tokens, result.slice(0, 3)),
      newestYear: await store.newestYear(),
    };
  }

  /**
   * Newer official documents that carry the same rule as `hit` — most of its
   * text, in a clause of their own — looked up in the whole store, so an answer
   * says "only in an older edition" only when that is true.
   */
  async newerEditions(hit: SearchHit): Promise<SearchHit["alsoIn"]> {
    const { index, store } = this.deps;
    if (hit.year === undefined) return [];
    const target = hanBigrams(hit.text);
    if (target.size < 6) return [];
    const candidates = index.bm25.search(index.queryTokens(hit.text).weighted, 12);
    const out: SearchHit["alsoIn"] = [];
    for (const chunk of await store.getChunks(candidates.map((c) => c.id))) {
      if (chunk.id === hit.chunkId || coveredBy(target, hanBigrams(chunk.text)) < SAME_RULE)
        continue;
      for (const o of chunk.occurrences) {
        if (o.authority !== "official" || o.kind !== "policy" || (o.year ?? 0) <= hit.year)
          continue;
        if (!out.some((a) => a.docId === o.docId)) {
          out.push({ docId: o.docId, title: o.title, year: o.year, source: o.source });
        }
      }
    }
    return out;
  }

  /**
   * A clean clause that states the same rule as a damaged (scan/OCR) one, if
   * the store holds one: it is cited instead, the damaged copy listed as 另见.
   */
  async cleanerEdition(hit: SearchHit): Promise<SearchHit | undefined> {
    const { index, store } = this.deps;
    if ((hit.quality ?? 1) >= LOW_QUALITY) return undefined;
    const target = hanBigrams(hit.text);
    const candidates = index.bm25.search(index.queryTokens(hit.text).weighted, 12);
    const clean = (await store.getChunks(candidates.map((c) => c.id))).find(
      (chunk) =>
        chunk.id !== hit.chunkId &&
        (chunk.quality ?? 1) >= LOW_QUALITY &&
        coveredBy(target, hanBigrams(chunk.text)) >= DAMAGED_DUPLICATE,
    );
    if (!clean) return undefined;
    const better = { ...hitFromChunk(clean, hit.score), kinds: index.kinds.tagsOf(clean.id) };
    addAlsoHit(better, hit);
    return better;
  }

  /** Stored clauses as hits (with their kinds), e.g. a rule the ranking left out. */
  async hitsFor(chunkIds: number[]): Promise<SearchHit[]> {
    const { store, index } = this.deps;
    return (await store.getChunks(chunkIds)).map((chunk) => ({
      ...hitFromChunk(chunk, 0),
      kinds: index.kinds.tagsOf(chunk.id),
    }));
  }

  private coverage(tokens: string[], hits: SearchHit[]): number {
    if (hits.length === 0) return 0;
    return this.deps.index.overlap(tokens, hits.map((h) => `${h.section}\n${h.text}`).join("\n"));
  }
}

/** A stored chunk as a hit, cited from its preferred occurrence. */
export function hitFromChunk(chunk: StoredChunk, score: number): SearchHit {
  const [first, ...rest] = chunk.occurrences;
  return {
    chunkId: chunk.id,
    docId: first?.docId ?? 0,
    title: first?.title ?? "",
    year: first?.year,
    issuer: first?.issuer,
    section: first?.section ?? "",
    text: chunk.text,
    source: first?.source ?? "",
    score,
    kind: chunk.kind,
    authority: first?.authority,
    quality: chunk.quality,
    alsoIn: rest.map((o) => ({ docId: o.docId, title: o.title, year: o.year, source: o.source })),
  };
}

/**
 * Which of two near-identical texts to cite: the newest official edition, but
 * a clause over a task-table row restating it (a row summarises; its OCR'd
 * copy is often the worse text).
 */
function isNewerEdition(chunk: StoredChunk, hit: SearchHit): boolean {
  const first = chunk.occurrences[0];
  if (first?.kind !== "policy") return false;
  // A clean text is cited over a damaged copy of the same rule (a scan's OCR errors
  // are not quoted where a clean edition says the same), whatever the years.
  const quality = chunk.quality ?? 1;
  const hitQuality = hit.quality ?? 1;
  if (Math.min(quality, hitQuality) < LOW_QUALITY && Math.abs(quality - hitQuality) >= 0.03) {
    return quality > hitQuality;
  }
  const year = first.year ?? 0;
  const hitYear = hit.year ?? 0;
  if (chunk.kind === "row" && hit.kind !== "row") return false;
  if (hit.kind === "row" && chunk.kind !== "row") return year >= hitYear;
  return year > hitYear;
}

function addAlsoHit(hit: SearchHit, older: SearchHit): void {
  const entries = [
    { docId: older.docId, title: older.title, year: older.year, source: older.source },
    ...older.alsoIn,
  ];
  for (const e of entries) {
    if (e.docId === hit.docId || hit.alsoIn.some((a) => a.docId === e.docId)) continue;
    hit.alsoIn.push(e);
  }
}

function addAlso(hit: SearchHit, chunk: StoredChunk): void {
  for (const o of chunk.occurrences) {
    if (o.docId === hit.docId || hit.alsoIn.some((a) => a.docId === o.docId)) continue;
    hit.alsoIn.push({ docId: o.docId, title: o.title, year: o.year, source: o.source });
  }
}
