import type { ClauseKind, DocumentDraft, StoredChunk, StoredDocument } from "../types.js";

/** What a write did to the set of stored chunks, so indexes can follow. */
export interface ChunkChanges {
  added: number[];
  removed: number[];
  /** Chunks of this write whose text was already stored from another source. */
  duplicates: number;
}

export interface SourceRecord {
  path: string;
  hash: string;
  format: string;
  ingestedAt: string;
}

/**
 * The document store port. SQLite implements it for one machine, PostgreSQL
 * for several instances on one database: every call returns a Promise so
 * both keep one contract. Paged reads are async iterables, a page a round trip.
 */
export interface KnowledgeStore {
  getSource(path: string): Promise<SourceRecord | undefined>;
  listSources(): Promise<SourceRecord[]>;
  /** Atomically replaces everything a source file produced with `documents`. */
  replaceSource(
    source: { path: string; hash: string; format: string },
    documents: DocumentDraft[],
  ): Promise<ChunkChanges>;
  /** Removes a source file's documents; chunks shared with other sources stay. */
  removeSource(path: string): Promise<ChunkChanges>;
  listDocuments(): Promise<StoredDocument[]>;
  /** The chunks of `ids` that exist, in the order asked. */
  getChunks(ids: number[]): Promise<StoredChunk[]>;
  /** Every stored chunk id, ascending. */
  chunkIds(): Promise<number[]>;
  /** Streams chunks in id order, in pages, for index (re)builds. */
  eachChunk(pageSize?: number): AsyncIterable<StoredChunk[]>;
  /** Year of the newest official policy document, to tell when a clause only appears in older editions. */
  newestYear(): Promise<number | undefined>;
  /** Cached index tokens of chunks in id order (null when not cached), in pages. */
  eachChunkTokens(pageSize?: number): AsyncIterable<{ id: number; tokens: string[] | null }[]>;
  saveChunkTokens(entries: { id: number; tokens: string[] }[]): Promise<void>;
  /** Forgets every cached token list (the dictionary changed). */
  clearChunkTokens(): Promise<void>;
  /** Cached conduct kinds of chunks in id order (null when not cached), in pages. */
  eachChunkKinds(pageSize?: number): AsyncIterable<{ id: number; kinds: ClauseKind[] | null }[]>;
  saveChunkKinds(entries: { id: number; kinds: readonly ClauseKind[] }[]): Promise<void>;
  /** Forgets every cached kind list (the conduct catalogue changed). */
  clearChunkKinds(): Promise<void>;
  counts(): Promise<{ sources: number; documents: number; chunks: number; occurrences: number }>;
  getMeta(key: string): Promise<string | undefined>;
  setMeta(key: string, value: string): Promise<void>;
  /**
   * The number every corpus write (ingest, remove) increments in its own
   * transaction: a reader that sees it move refreshes its indexes.
   */
  corpusVersion(): Promise<string | undefined>;
  close(): Promise<void>;
  /**
   * Embeddings kept beside the chunks, per embedder id, so instances on one
   * shared database embed each clause once (PostgreSQL). A store without
   * them (SQLite: the vector index file in the data directory is the only
   * copy there) leaves every instance to embed for itself.
   */
  vectors?: ChunkVectors | undefined;
}

/** Stored embeddings of chunks (see KnowledgeStore.vectors). */
export interface ChunkVectors {
  /** The stored vectors of these chunks for this embedder; missing ids are absent. */
  get(embedderId: string, ids: number[]): Promise<Map<number, number[]>>;
  save(embedderId: string, entries: { id: number; vector: number[] }[]): Promise<void>;
}

/** Every stored chunk, in id order (quiz generation, trust checks over the whole corpus). */
export async function allChunks(store: KnowledgeStore): Promise<StoredChunk[]> {
  const out: StoredChunk[] = [];
  for await (const page of store.eachChunk()) out.push(...page);
  return out;
}
