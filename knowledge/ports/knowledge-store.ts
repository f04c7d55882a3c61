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
 * The document store port. SQLite implements it today; a PostgreSQL backend
 * can replace it for deployments that outgrow one machine.
 */
export interface KnowledgeStore {
  getSource(path: string): SourceRecord | undefined;
  listSources(): SourceRecord[];
  /** Atomically replaces everything a source file produced with `documents`. */
  replaceSource(
    source: { path: string; hash: string; format: string },
    documents: DocumentDraft[],
  ): ChunkChanges;
  /** Removes a source file's documents; chunks shared with other sources stay. */
  removeSource(path: string): ChunkChanges;
  listDocuments(): StoredDocument[];
  getChunks(ids: number[]): StoredChunk[];
  /** Every stored chunk id, ascending. */
  chunkIds(): number[];
  /** Streams chunks in id order, in pages, for index (re)builds. */
  eachChunk(pageSize?: number): Iterable<StoredChunk[]>;
  /** Year of the newest official policy document, to tell when a clause only appears in older editions. */
  newestYear(): number | undefined;
  /** Cached index tokens of chunks in id order (null when not cached), in pages. */
  eachChunkTokens(pageSize?: number): Iterable<{ id: number; tokens: string[] | null }[]>;
  saveChunkTokens(entries: { id: number; tokens: string[] }[]): void;
  /** Forgets every cached token list (the dictionary changed). */
  clearChunkTokens(): void;
  /** Cached conduct kinds of chunks in id order (null when not cached), in pages. */
  eachChunkKinds(pageSize?: number): Iterable<{ id: number; kinds: ClauseKind[] | null }[]>;
  saveChunkKinds(entries: { id: number; kinds: readonly ClauseKind[] }[]): void;
  /** Forgets every cached kind list (the conduct catalogue changed). */
  clearChunkKinds(): void;
  counts(): { sources: number; documents: number; chunks: number; occurrences: number };
  getMeta(key: string): string | undefined;
  setMeta(key: string, value: string): void;
  close(): void;
}
