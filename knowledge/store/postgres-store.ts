import type pg from "pg";
import {
  defaultTextQuality,
  documentQuality,
  SCAN_DOCUMENT_QUALITY,
  type TextQualityScorer,
} from "../lexical/text-quality.js";
import type { ChunkChanges, KnowledgeStore, SourceRecord } from "../ports/knowledge-store.js";
import type {
  ChunkOccurrence,
  ClauseKind,
  DocumentDraft,
  StoredChunk,
  StoredDocument,
} from "../types.js";
import { chunkHash } from "./chunk-hash.js";
import {
  type ChunkRow,
  CORPUS_VERSION_KEY,
  type DocumentRow,
  groupOccurrences,
  OCCURRENCE_ORDER,
  type OccurrenceRow,
  toStoredChunk,
  toStoredDocument,
} from "./knowledge-rows.js";
import { PgQueries } from "./pg-queries.js";
import { PostgresChunkVectors } from "./postgres-vectors.js";

/**
 * Key of the transaction advisory lock every corpus write takes: writes from
 * several instances run one at a time, as SQLite's single writer does, so
 * chunk de-duplication and orphan collection never race.
 */
export const CORPUS_WRITE_LOCK = 0x71_66_00_10;

/** Channel a corpus write notifies on commit, with the new version as payload. */
export const CORPUS_CHANNEL = "qingfeng_corpus";

/**
 * The documents + chunks store on PostgreSQL (tables: postgres-schema.ts),
 * shared by every instance. A corpus write is one transaction that also
 * bumps the corpus version and notifies CORPUS_CHANNEL: another instance
 * sees all of an ingest or none of it, and learns of it at once (LISTEN) or
 * at its next check of the version.
 */
export class PostgresKnowledgeStore implements KnowledgeStore {
  private readonly q: PgQueries;
  private readonly scorer: () => TextQualityScorer;
  readonly vectors: PostgresChunkVectors;

  /** @param options.quality scores chunks that arrive without a quality (default: the shipped scorer). */
  constructor(
    private readonly pool: pg.Pool,
    options: { quality?: TextQualityScorer } = {},
  ) {
    this.q = new PgQueries(pool);
    this.vectors = new PostgresChunkVectors(this.q);
    const given = options.quality;
    this.scorer = () => given ?? defaultTextQuality();
  }

  async getSource(path: string): Promise<SourceRecord | undefined> {
    return this.q.row<SourceRecord>(
      `SELECT path, hash, format, ingested_at AS "ingestedAt" FROM sources WHERE path = $1`,
      [path],
    );
  }

  async listSources(): Promise<SourceRecord[]> {
    return this.q.rows<SourceRecord>(
      `SELECT path, hash, format, ingested_at AS "ingestedAt" FROM sources ORDER BY path COLLATE "C"`,
    );
  }

  async replaceSource(
    source: { path: string; hash: string; format: string },
    documents: DocumentDraft[],
  ): Promise<ChunkChanges> {
    // Scored before the transaction: the lock is held for SQL only.
    const scored = documents.map((doc) => {
      const chunks = doc.chunks.map((c) => ({
        ...c,
        quality: c.quality ?? this.scorer().score(c.text),
        hash: chunkHash(c.text),
      }));
      const scan = doc.meta.scan ?? documentQuality(chunks) < SCAN_DOCUMENT_QUALITY;
      return { meta: doc.meta, chunks, scan };
    });
    return this.q.tx(async (q) => {
      await q.run("SELECT pg_advisory_xact_lock($1)", [CORPUS_WRITE_LOCK]);
      const before = await this.chunkIdsOfSource(q, source.path);
      await q.run("DELETE FROM sources WHERE path = $1", [source.path]);
      const sourceRow = await q.row<{ id: number }>(
        "INSERT INTO sources (path, hash, format, ingested_at) VALUES ($1, $2, $3, $4) RETURNING id",
        [source.path, source.hash, source.format, new Date().toISOString()],
      );
      const sourceId = sourceRow?.id;
      const hashes = [...new Set(scored.flatMap((d) => d.chunks.map((c) => c.hash)))];
      const known = new Map<string, number>();
      for (const r of await q.rows<{ id: number; hash: string }>(
        "SELECT id, hash FROM chunks WHERE hash = ANY($1::text[])",
        [hashes],
      )) {
        known.set(r.hash, r.id);
      }
      // New texts in order of first appearance, inserted in one statement.
      const fresh = new Map<
        string,
        { text: string; kind: string; fields: string | null; quality: number }
      >();
      for (const doc of scored) {
        for (const c of doc.chunks) {
          if (known.has(c.hash) || fresh.has(c.hash)) continue;
          fresh.set(c.hash, {
            text: c.text,
            kind: c.kind,
            fields: c.fields ? JSON.stringify(c.fields) : null,
            quality: c.quality,
          });
        }
      }
      const added: number[] = [];
      if (fresh.size > 0) {
        const rows = [...fresh];
        const inserted = await q.rows<{ id: number; hash: string }>(
          `INSERT INTO chunks (hash, text, kind, fields, quality)
           SELECT hash, text, kind, fields, quality
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::float8[]) WITH ORDINALITY
             AS t(hash, text, kind, fields, quality, n)
           ORDER BY n
           RETURNING id, hash`,
          [
            rows.map(([h]) => h),
            rows.map(([, c]) => c.text),
            rows.map(([, c]) => c.kind),
            rows.map(([, c]) => c.fields),
            rows.map(([, c]) => c.quality),
          ],
        );
        const ids = new Map(inserted.map((r) => [r.hash, r.id]));
        for (const [hash] of rows) {
          const id = ids.get(hash);
          if (id !== undefined) {
            known.set(hash, id);
            added.push(id);
          }
        }
      }
      const addedSet = new Set(added);
      const seen = new Set<number>();
      let duplicates = 0;
      const occ = {
        doc: [] as number[],
        ord: [] as number[],
        chunk: [] as number[],
        section: [] as string[],
        label: [] as (string | null)[],
        search: [] as (string | null)[],
      };
      for (const [part, doc] of scored.entries()) {
        const m = doc.meta;
        const docRow = await q.row<{ id: number }>(
          `INSERT INTO documents (source_id, part, title, year, issuer, doc_number, date, kind, refs, authority, scan)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
          [
            sourceId,
            part,
            m.title,
            m.year ?? null,
            m.issuer ?? null,
            m.docNumber ?? null,
            m.date ?? null,
            m.kind,
            m.references ? JSON.stringify(m.references) : null,
            m.authority ?? "unknown",
            doc.scan ? 1 : 0,
          ],
        );
        for (const [ord, chunk] of doc.chunks.entries()) {
          const chunkId = known.get(chunk.hash) as number;
          // As in SQLite: a text stored before this write, or met earlier in it, is a
          // duplicate unless this source already carried it.
          const firstOfFresh = addedSet.has(chunkId) && !seen.has(chunkId);
          if (!firstOfFresh && !before.has(chunkId)) duplicates++;
          seen.add(chunkId);
          occ.doc.push(docRow?.id as number);
          occ.ord.push(ord);
          occ.chunk.push(chunkId);
          occ.section.push(chunk.path.join(" > "));
          occ.label.push(chunk.label ?? null);
          occ.search.push(chunk.searchPath ? chunk.searchPath.join(" > ") : null);
        }
      }
      if (occ.doc.length > 0) {
        await q.run(
          `INSERT INTO occurrences (doc_id, ord, chunk_id, section, label, search_section)
           SELECT * FROM unnest($1::int[], $2::int[], $3::int[], $4::text[], $5::text[], $6::text[])`,
          [occ.doc, occ.ord, occ.chunk, occ.section, occ.label, occ.search],
        );
      }
      const removed = await this.collectOrphans(q);
      await this.bumpCorpusVersion(q);
      return { added, removed, duplicates };
    });
  }

  async removeSource(path: string): Promise<ChunkChanges> {
    return this.q.tx(async (q) => {
      await q.run("SELECT pg_advisory_xact_lock($1)", [CORPUS_WRITE_LOCK]);
      const deleted = await q.run("DELETE FROM sources WHERE path = $1", [path]);
      if (deleted > 0) await this.bumpCorpusVersion(q);
      return { added: [], removed: await this.collectOrphans(q), duplicates: 0 };
    });
  }

  async listDocuments(): Promise<StoredDocument[]> {
    const rows = await this.q.rows<DocumentRow>(
      `SELECT d.id, d.part, d.title, d.year, d.issuer, d.doc_number AS "docNumber", d.date, d.kind, d.refs, d.authority, d.scan,
              s.path AS source, s.hash AS "sourceHash", s.ingested_at AS "ingestedAt",
              (SELECT COUNT(*)::int FROM occurrences o WHERE o.doc_id = d.id) AS "chunkCount"
       FROM documents d JOIN sources s ON s.id = d.source_id
       ORDER BY s.path COLLATE "C", d.part`,
    );
    return rows.map(toStoredDocument);
  }

  async getChunks(ids: number[]): Promise<StoredChunk[]> {
    if (ids.length === 0) return [];
    const unique = [...new Set(ids)];
    const rows = await this.q.rows<ChunkRow>(
      "SELECT id, text, kind, fields, quality FROM chunks WHERE id = ANY($1::int[])",
      [unique],
    );
    const occurrences = await this.occurrencesOf(unique);
    const byId = new Map(rows.map((r) => [r.id, toStoredChunk(r, occurrences.get(r.id) ?? [])]));
    return ids.map((id) => byId.get(id)).filter((c): c is StoredChunk => c !== undefined);
  }

  async chunkIds(): Promise<number[]> {
    const rows = await this.q.rows<{ id: number }>("SELECT id FROM chunks ORDER BY id");
    return rows.map((r) => r.id);
  }

  async *eachChunk(pageSize = 500): AsyncIterable<StoredChunk[]> {
    let after = 0;
    while (true) {
      const rows = await this.q.rows<ChunkRow>(
        "SELECT id, text, kind, fields, quality FROM chunks WHERE id > $1 ORDER BY id LIMIT $2",
        [after, pageSize],
      );
      if (rows.length === 0) return;
      const occurrences = await this.occurrencesOf(rows.map((r) => r.id));
      yield rows.map((r) => toStoredChunk(r, occurrences.get(r.id) ?? []));
      after = rows[rows.length - 1]?.id ?? after;
    }
  }

  async *eachChunkTokens(
    pageSize = 2000,
  ): AsyncIterable<{ id: number; tokens: string[] | null }[]> {
    let after = 0;
    while (true) {
      const rows = await this.q.rows<{ id: number; tokens: string | null }>(
        "SELECT id, tokens FROM chunks WHERE id > $1 ORDER BY id LIMIT $2",
        [after, pageSize],
      );
      if (rows.length === 0) return;
      yield rows.map((r) => ({ id: r.id, tokens: r.tokens === null ? null : r.tokens.split(" ") }));
      after = rows[rows.length - 1]?.id ?? after;
    }
  }

  async saveChunkTokens(entries: { id: number; tokens: string[] }[]): Promise<void> {
    if (entries.length === 0) return;
    await this.q.run(
      `UPDATE chunks SET tokens = t.tokens FROM unnest($1::int[], $2::text[]) AS t(id, tokens)
       WHERE chunks.id = t.id`,
      [entries.map((e) => e.id), entries.map((e) => e.tokens.join(" "))],
    );
  }

  async clearChunkTokens(): Promise<void> {
    await this.q.run("UPDATE chunks SET tokens = NULL WHERE tokens IS NOT NULL");
  }

  async *eachChunkKinds(
    pageSize = 2000,
  ): AsyncIterable<{ id: number; kinds: ClauseKind[] | null }[]> {
    let after = 0;
    while (true) {
      const rows = await this.q.rows<{ id: number; kinds: string | null }>(
        "SELECT id, kinds FROM chunks WHERE id > $1 ORDER BY id LIMIT $2",
        [after, pageSize],
      );
      if (rows.length === 0) return;
      yield rows.map((r) => ({
        id: r.id,
        kinds: r.kinds === null ? null : (JSON.parse(r.kinds) as ClauseKind[]),
      }));
      after = rows[rows.length - 1]?.id ?? after;
    }
  }

  async saveChunkKinds(entries: { id: number; kinds: readonly ClauseKind[] }[]): Promise<void> {
    if (entries.length === 0) return;
    await this.q.run(
      `UPDATE chunks SET kinds = t.kinds FROM unnest($1::int[], $2::text[]) AS t(id, kinds)
       WHERE chunks.id = t.id`,
      [entries.map((e) => e.id), entries.map((e) => JSON.stringify(e.kinds))],
    );
  }

  async clearChunkKinds(): Promise<void> {
    await this.q.run("UPDATE chunks SET kinds = NULL WHERE kinds IS NOT NULL");
  }

  async newestYear(): Promise<number | undefined> {
    const row = await this.q.row<{ year: number | null }>(
      "SELECT MAX(year) AS year FROM documents WHERE kind = 'policy' AND authority = 'official'",
    );
    return row?.year ?? undefined;
  }

  async counts(): Promise<{
    sources: number;
    documents: number;
    chunks: number;
    occurrences: number;
  }> {
    const row = await this.q.row<{
      sources: number;
      documents: number;
      chunks: number;
      occurrences: number;
    }>(
      `SELECT (SELECT COUNT(*)::int FROM sources) AS sources, (SELECT COUNT(*)::int FROM documents) AS documents,
              (SELECT COUNT(*)::int FROM chunks) AS chunks, (SELECT COUNT(*)::int FROM occurrences) AS occurrences`,
    );
    return row ?? { sources: 0, documents: 0, chunks: 0, occurrences: 0 };
  }

  async getMeta(key: string): Promise<string | undefined> {
    const row = await this.q.row<{ value: string }>("SELECT value FROM meta WHERE key = $1", [key]);
    return row?.value;
  }

  async setMeta(key: string, value: string): Promise<void> {
    await this.q.run(
      "INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      [key, value],
    );
  }

  async corpusVersion(): Promise<string | undefined> {
    return this.getMeta(CORPUS_VERSION_KEY);
  }

  /** The pool belongs to the storage that opened it: closing the store leaves it open. */
  async close(): Promise<void> {}

  /**
   * Calls `listener` with the new corpus version each time a write commits
   * on any instance, over one dedicated connection (LISTEN). Returns the
   * function that stops listening. A lost connection loses notifications,
   * never data: the follower's periodic version check still catches up.
   */
  async listen(listener: (version: string) => void): Promise<() => Promise<void>> {
    const client = await this.pool.connect();
    const onNotification = (message: pg.Notification) => {
      if (message.channel === CORPUS_CHANNEL) listener(message.payload ?? "");
    };
    const onError = () => {};
    client.on("notification", onNotification);
    client.on("error", onError);
    await client.query(`LISTEN ${CORPUS_CHANNEL}`);
    return async () => {
      client.off("notification", onNotification);
      try {
        await client.query(`UNLISTEN ${CORPUS_CHANNEL}`);
        client.release();
      } catch (error) {
        client.release(error as Error);
      }
      client.off("error", onError);
    };
  }

  /** Inside the write's transaction: readers that see the new number see the whole write. */
  private async bumpCorpusVersion(q: PgQueries): Promise<void> {
    const row = await q.row<{ value: string }>(
      `INSERT INTO meta (key, value) VALUES ($1, '1')
       ON CONFLICT (key) DO UPDATE SET value = (meta.value::bigint + 1)::text
       RETURNING value`,
      [CORPUS_VERSION_KEY],
    );
    // Delivered on commit only, so a listener never hears of a rolled-back write.
    await q.run("SELECT pg_notify($1, $2)", [CORPUS_CHANNEL, row?.value ?? ""]);
  }

  private async chunkIdsOfSource(q: PgQueries, path: string): Promise<Set<number>> {
    const rows = await q.rows<{ id: number }>(
      `SELECT DISTINCT o.chunk_id AS id FROM occurrences o
       JOIN documents d ON d.id = o.doc_id JOIN sources s ON s.id = d.source_id WHERE s.path = $1`,
      [path],
    );
    return new Set(rows.map((r) => r.id));
  }

  private async collectOrphans(q: PgQueries): Promise<number[]> {
    const rows = await q.rows<{ id: number }>(
      `DELETE FROM chunks WHERE NOT EXISTS (SELECT 1 FROM occurrences o WHERE o.chunk_id = chunks.id)
       RETURNING id`,
    );
    return rows.map((r) => r.id).sort((a, b) => a - b);
  }

  private async occurrencesOf(ids: number[]): Promise<Map<number, ChunkOccurrence[]>> {
    if (ids.length === 0) return new Map();
    const rows = await this.q.rows<OccurrenceRow>(
      `SELECT o.chunk_id, o.doc_id, o.section, o.label, o.search_section, d.title, d.year, d.issuer, d.doc_number, d.kind, d.authority, d.scan, s.path
       FROM occurrences o JOIN documents d ON d.id = o.doc_id JOIN sources s ON s.id = d.source_id
       WHERE o.chunk_id = ANY($1::int[])
       ORDER BY ${OCCURRENCE_ORDER}`,
      [ids],
    );
    return groupOccurrences(rows);
  }
}
