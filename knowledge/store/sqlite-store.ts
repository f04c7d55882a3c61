import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { QingfengError } from "../errors.js";
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
import { BUSY_TIMEOUT_MS } from "./busy.js";
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
import { MIGRATIONS } from "./migrations.js";

type Db = Database.Database;

/**
 * Opens (creating and migrating) a SQLite database shared by several
 * processes: WAL (readers never block the writer), a busy timeout (a writer
 * waits for another instead of failing), and write transactions that take
 * the write lock when they begin (BEGIN IMMEDIATE). A deferred transaction
 * that reads first and writes second cannot wait for the lock once another
 * process has committed: SQLite fails it at once with "database is locked".
 */
export function openDatabase(file: string, options: { busyTimeoutMs?: number } = {}): Db {
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  let db: Db;
  try {
    db = new Database(file, { timeout: options.busyTimeoutMs ?? BUSY_TIMEOUT_MS });
  } catch (cause) {
    throw new QingfengError(
      "STORE_FAILED",
      `Cannot open the database ${file}: check QINGFENG_DATA_DIR points to a writable directory.`,
      { cause },
    );
  }
  // Before anything else: switching to WAL itself waits for other connections.
  db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? BUSY_TIMEOUT_MS}`);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  immediateTransactions(db);
  migrate(db);
  return db;
}

/** Makes `db.transaction(fn)()` BEGIN IMMEDIATE: every transaction in this app writes. */
function immediateTransactions(db: Db): void {
  const original = db.transaction.bind(db);
  db.transaction = ((fn: Parameters<Db["transaction"]>[0]) =>
    original(fn).immediate) as Db["transaction"];
}

function migrate(db: Db): void {
  db.exec(
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
  );
  const applied = () =>
    new Set(
      db
        .prepare("SELECT version FROM schema_migrations")
        .all()
        .map((r) => (r as { version: number }).version),
    );
  for (const m of MIGRATIONS) {
    if (applied().has(m.version)) continue;
    db.transaction(() => {
      // Another process may have applied it while this one waited for the lock.
      if (applied().has(m.version)) return;
      db.exec(m.sql);
      db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)").run(
        m.version,
        m.name,
        new Date().toISOString(),
      );
    })();
  }
}

export { CORPUS_VERSION_KEY } from "./knowledge-rows.js";

/** The documents + chunks store on better-sqlite3. */
export class SqliteKnowledgeStore implements KnowledgeStore {
  private readonly db: Db;
  private readonly ownsDb: boolean;
  private readonly scorer: () => TextQualityScorer;

  /**
   * @param options.quality scores chunks that arrive without a quality and
   *   rows stored before qualities were kept (default: the shipped scorer,
   *   built only when needed).
   */
  constructor(options: ({ file: string } | { db: Db }) & { quality?: TextQualityScorer }) {
    if ("db" in options) {
      this.db = options.db;
      this.ownsDb = false;
    } else {
      this.db = openDatabase(options.file);
      this.ownsDb = true;
    }
    const given = options.quality;
    this.scorer = () => given ?? defaultTextQuality();
    this.scoreUnscored();
  }

  async getSource(path: string): Promise<SourceRecord | undefined> {
    const row = this.db
      .prepare("SELECT path, hash, format, ingested_at AS ingestedAt FROM sources WHERE path = ?")
      .get(path) as SourceRecord | undefined;
    return row;
  }

  async listSources(): Promise<SourceRecord[]> {
    return this.db
      .prepare("SELECT path, hash, format, ingested_at AS ingestedAt FROM sources ORDER BY path")
      .all() as SourceRecord[];
  }

  async replaceSource(
    source: { path: string; hash: string; format: string },
    documents: DocumentDraft[],
  ): Promise<ChunkChanges> {
    return this.db.transaction((): ChunkChanges => {
      const before = this.chunkIdsOfSource(source.path);
      this.db.prepare("DELETE FROM sources WHERE path = ?").run(source.path);
      const sourceId = Number(
        this.db
          .prepare("INSERT INTO sources (path, hash, format, ingested_at) VALUES (?, ?, ?, ?)")
          .run(source.path, source.hash, source.format, new Date().toISOString()).lastInsertRowid,
      );
      const insertDoc = this.db.prepare(
        `INSERT INTO documents (source_id, part, title, year, issuer, doc_number, date, kind, refs, authority, scan)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const findChunk = this.db.prepare("SELECT id FROM chunks WHERE hash = ?");
      const insertChunk = this.db.prepare(
        "INSERT INTO chunks (hash, text, kind, fields, quality) VALUES (?, ?, ?, ?, ?)",
      );
      const insertOcc = this.db.prepare(
        "INSERT INTO occurrences (doc_id, ord, chunk_id, section, label, search_section) VALUES (?, ?, ?, ?, ?, ?)",
      );
      const added: number[] = [];
      let duplicates = 0;
      documents.forEach((doc, part) => {
        const m = doc.meta;
        // Drafts built by hand may come without qualities: every stored chunk has one.
        const chunks = doc.chunks.map((c) => ({
          ...c,
          quality: c.quality ?? this.scorer().score(c.text),
        }));
        const scan = m.scan ?? documentQuality(chunks) < SCAN_DOCUMENT_QUALITY;
        const docId = Number(
          insertDoc.run(
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
            scan ? 1 : 0,
          ).lastInsertRowid,
        );
        chunks.forEach((chunk, ord) => {
          const hash = chunkHash(chunk.text);
          const existing = findChunk.get(hash) as { id: number } | undefined;
          let chunkId = existing?.id;
          if (chunkId === undefined) {
            chunkId = Number(
              insertChunk.run(
                hash,
                chunk.text,
                chunk.kind,
                chunk.fields ? JSON.stringify(chunk.fields) : null,
                chunk.quality,
              ).lastInsertRowid,
            );
          }
          if (existing === undefined) added.push(chunkId);
          else if (!before.has(chunkId)) duplicates++;
          insertOcc.run(
            docId,
            ord,
            chunkId,
            chunk.path.join(" > "),
            chunk.label ?? null,
            chunk.searchPath ? chunk.searchPath.join(" > ") : null,
          );
        });
      });
      const removed = this.collectOrphans();
      this.bumpCorpusVersion();
      return { added: [...new Set(added)], removed, duplicates };
    })();
  }

  async removeSource(path: string): Promise<ChunkChanges> {
    return this.db.transaction((): ChunkChanges => {
      const deleted = this.db.prepare("DELETE FROM sources WHERE path = ?").run(path).changes;
      if (deleted > 0) this.bumpCorpusVersion();
      return { added: [], removed: this.collectOrphans(), duplicates: 0 };
    })();
  }

  async listDocuments(): Promise<StoredDocument[]> {
    const rows = this.db
      .prepare(
        `SELECT d.id, d.part, d.title, d.year, d.issuer, d.doc_number AS docNumber, d.date, d.kind, d.refs, d.authority, d.scan,
                s.path AS source, s.hash AS sourceHash, s.ingested_at AS ingestedAt,
                (SELECT COUNT(*) FROM occurrences o WHERE o.doc_id = d.id) AS chunkCount
         FROM documents d JOIN sources s ON s.id = d.source_id
         ORDER BY s.path, d.part`,
      )
      .all() as DocumentRow[];
    return rows.map(toStoredDocument);
  }

  async getChunks(ids: number[]): Promise<StoredChunk[]> {
    if (ids.length === 0) return [];
    const unique = [...new Set(ids)];
    const placeholders = unique.map(() => "?").join(",");
    const rows = this.db
      .prepare(`SELECT id, text, kind, fields, quality FROM chunks WHERE id IN (${placeholders})`)
      .all(...unique) as ChunkRow[];
    const occurrences = this.occurrencesOf(unique);
    const byId = new Map(rows.map((r) => [r.id, toStoredChunk(r, occurrences.get(r.id) ?? [])]));
    return ids.map((id) => byId.get(id)).filter((c): c is StoredChunk => c !== undefined);
  }

  async chunkIds(): Promise<number[]> {
    // Unordered, SQLite reads the ids off the small hash index instead of every row.
    const ids = this.db.prepare("SELECT id FROM chunks").pluck().all() as number[];
    return ids.sort((a, b) => a - b);
  }

  async *eachChunk(pageSize = 500): AsyncIterable<StoredChunk[]> {
    let after = 0;
    const page = this.db.prepare(
      "SELECT id, text, kind, fields, quality FROM chunks WHERE id > ? ORDER BY id LIMIT ?",
    );
    while (true) {
      const rows = page.all(after, pageSize) as ChunkRow[];
      if (rows.length === 0) return;
      const occurrences = this.occurrencesOf(rows.map((r) => r.id));
      yield rows.map((r) => toStoredChunk(r, occurrences.get(r.id) ?? []));
      after = rows[rows.length - 1]?.id ?? after;
    }
  }

  async *eachChunkTokens(
    pageSize = 2000,
  ): AsyncIterable<{ id: number; tokens: string[] | null }[]> {
    let after = 0;
    const page = this.db.prepare("SELECT id, tokens FROM chunks WHERE id > ? ORDER BY id LIMIT ?");
    while (true) {
      const rows = page.all(after, pageSize) as { id: number; tokens: string | null }[];
      if (rows.length === 0) return;
      // Tokens never contain the separator: the segmenter drops whitespace.
      yield rows.map((r) => ({ id: r.id, tokens: r.tokens === null ? null : r.tokens.split(" ") }));
      after = rows[rows.length - 1]?.id ?? after;
    }
  }

  async saveChunkTokens(entries: { id: number; tokens: string[] }[]): Promise<void> {
    const update = this.db.prepare("UPDATE chunks SET tokens = ? WHERE id = ?");
    this.db.transaction(() => {
      for (const e of entries) update.run(e.tokens.join(" "), e.id);
    })();
  }

  async clearChunkTokens(): Promise<void> {
    this.db.prepare("UPDATE chunks SET tokens = NULL WHERE tokens IS NOT NULL").run();
  }

  async *eachChunkKinds(
    pageSize = 2000,
  ): AsyncIterable<{ id: number; kinds: ClauseKind[] | null }[]> {
    let after = 0;
    const page = this.db.prepare("SELECT id, kinds FROM chunks WHERE id > ? ORDER BY id LIMIT ?");
    while (true) {
      const rows = page.all(after, pageSize) as { id: number; kinds: string | null }[];
      if (rows.length === 0) return;
      yield rows.map((r) => ({
        id: r.id,
        kinds: r.kinds === null ? null : (JSON.parse(r.kinds) as ClauseKind[]),
      }));
      after = rows[rows.length - 1]?.id ?? after;
    }
  }

  async saveChunkKinds(entries: { id: number; kinds: readonly ClauseKind[] }[]): Promise<void> {
    const update = this.db.prepare("UPDATE chunks SET kinds = ? WHERE id = ?");
    this.db.transaction(() => {
      for (const e of entries) update.run(JSON.stringify(e.kinds), e.id);
    })();
  }

  async clearChunkKinds(): Promise<void> {
    this.db.prepare("UPDATE chunks SET kinds = NULL WHERE kinds IS NOT NULL").run();
  }

  async newestYear(): Promise<number | undefined> {
    const row = this.db
      .prepare(
        "SELECT MAX(year) AS year FROM documents WHERE kind = 'policy' AND authority = 'official'",
      )
      .get() as { year: number | null };
    return row.year ?? undefined;
  }

  async counts(): Promise<{
    sources: number;
    documents: number;
    chunks: number;
    occurrences: number;
  }> {
    const one = (sql: string) => (this.db.prepare(sql).get() as { n: number }).n;
    return {
      sources: one("SELECT COUNT(*) AS n FROM sources"),
      documents: one("SELECT COUNT(*) AS n FROM documents"),
      chunks: one("SELECT COUNT(*) AS n FROM chunks"),
      occurrences: one("SELECT COUNT(*) AS n FROM occurrences"),
    };
  }

  async getMeta(key: string): Promise<string | undefined> {
    const row = this.db.prepare("SELECT value FROM meta WHERE key = ?").get(key) as
      | { value: string }
      | undefined;
    return row?.value;
  }

  async setMeta(key: string, value: string): Promise<void> {
    this.db
      .prepare(
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
      )
      .run(key, value);
  }

  async corpusVersion(): Promise<string | undefined> {
    return this.getMeta(CORPUS_VERSION_KEY);
  }

  async close(): Promise<void> {
    if (this.ownsDb) this.db.close();
  }

  /**
   * Scores what was stored before qualities were kept (migration 8): chunks
   * without a quality, then documents without a scan mark. Nothing to do —
   * and no scorer built — once every row has one.
   */
  private scoreUnscored(): void {
    const pending = (sql: string) => this.db.prepare(sql).pluck().get() === 1;
    // EXISTS on the partial index chunks_unscored: no table scan when all are scored.
    const chunks = pending("SELECT EXISTS (SELECT 1 FROM chunks WHERE quality IS NULL)");
    const docs = pending("SELECT EXISTS (SELECT 1 FROM documents WHERE scan IS NULL)");
    if (!chunks && !docs) return;
    const rows = this.db.prepare("SELECT id, text FROM chunks WHERE quality IS NULL").all() as {
      id: number;
      text: string;
    }[];
    const scored = rows.map((r) => ({ id: r.id, quality: this.scorer().score(r.text) }));
    const docIds = this.db.prepare("SELECT id FROM documents WHERE scan IS NULL").all() as {
      id: number;
    }[];
    const chunksOf = this.db.prepare(
      "SELECT c.text, c.quality FROM occurrences o JOIN chunks c ON c.id = o.chunk_id WHERE o.doc_id = ?",
    );
    this.db.transaction(() => {
      // Another process may have scored them while this one waited for the lock.
      const update = this.db.prepare(
        "UPDATE chunks SET quality = ? WHERE id = ? AND quality IS NULL",
      );
      for (const r of scored) update.run(r.quality, r.id);
      const mark = this.db.prepare("UPDATE documents SET scan = ? WHERE id = ? AND scan IS NULL");
      for (const { id } of docIds) {
        const texts = chunksOf.all(id) as { text: string; quality: number | null }[];
        const quality = documentQuality(
          texts.map((t) => ({ text: t.text, quality: t.quality ?? undefined })),
        );
        mark.run(quality < SCAN_DOCUMENT_QUALITY ? 1 : 0, id);
      }
    })();
  }

  /**
   * Counts corpus writes in the meta table (key CORPUS_VERSION_KEY), inside
   * the write's own transaction: a process that sees the new number sees the
   * whole write, never half of it. Other processes compare it to refresh.
   */
  private bumpCorpusVersion(): void {
    this.db
      .prepare(
        `INSERT INTO meta (key, value) VALUES (?, '1')
         ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1`,
      )
      .run(CORPUS_VERSION_KEY);
  }

  private chunkIdsOfSource(path: string): Set<number> {
    const rows = this.db
      .prepare(
        `SELECT DISTINCT o.chunk_id AS id FROM occurrences o
         JOIN documents d ON d.id = o.doc_id JOIN sources s ON s.id = d.source_id WHERE s.path = ?`,
      )
      .all(path) as { id: number }[];
    return new Set(rows.map((r) => r.id));
  }

  private collectOrphans(): number[] {
    const orphans = this.db
      .prepare(
        "SELECT id FROM chunks WHERE NOT EXISTS (SELECT 1 FROM occurrences o WHERE o.chunk_id = chunks.id)",
      )
      .all()
      .map((r) => (r as { id: number }).id);
    if (orphans.length > 0) {
      const del = this.db.prepare("DELETE FROM chunks WHERE id = ?");
      for (const id of orphans) del.run(id);
    }
    return orphans;
  }

  /** Occurrences per chunk, preferred first (OCCURRENCE_ORDER). */
  private occurrencesOf(ids: number[]): Map<number, ChunkOccurrence[]> {
    if (ids.length === 0) return new Map();
    const placeholders = ids.map(() => "?").join(",");
    const rows = this.db
      .prepare(
        `SELECT o.chunk_id, o.doc_id, o.section, o.label, o.search_section, d.title, d.year, d.issuer, d.doc_number, d.kind, d.authority, d.scan, s.path
         FROM occurrences o JOIN documents d ON d.id = o.doc_id JOIN sources s ON s.id = d.source_id
         WHERE o.chunk_id IN (${placeholders})
         ORDER BY ${OCCURRENCE_ORDER}`,
      )
      .all(...ids) as OccurrenceRow[];
    return groupOccurrences(rows);
  }
}
