import type Database from "better-sqlite3";
import type pg from "pg";
import { QingfengError } from "../errors.js";
import { PgQueries } from "./pg-queries.js";
import { KNOWLEDGE_TABLES } from "./postgres-schema.js";
import { SqliteKnowledgeStore } from "./sqlite-store.js";

export type KnowledgeTable = (typeof KNOWLEDGE_TABLES)[number];

/** Rows per INSERT: well under PostgreSQL's 65,535 parameters for the widest table. */
const BATCH = 500;

/**
 * The knowledge part of `qingfeng migrate --to $DATABASE_URL`: copies the
 * documents, chunks (with their token and kind caches), meta (corpus
 * version, fingerprints, the rater salt that keys anonymous ratings),
 * answers, feedback, curated answers and the quiz bank from a SQLite data
 * directory's database into PostgreSQL, ids kept (answers, curated answers
 * and case notices cite chunk ids), in one transaction, then checks every
 * table's count. The target's knowledge tables must exist (migrated) and be
 * empty: a half-copied or second copy is refused, never merged. Returns the
 * rows copied per table.
 */
export async function copyKnowledgeTables(
  sqlite: Database.Database,
  pool: pg.Pool,
): Promise<Record<KnowledgeTable, number>> {
  // Rows stored before qualities were kept are scored now, so PostgreSQL gets them scored.
  new SqliteKnowledgeStore({ db: sqlite });
  const copied = {} as Record<KnowledgeTable, number>;
  await new PgQueries(pool).tx(async (q) => {
    for (const table of KNOWLEDGE_TABLES) {
      const present = await q.row<{ n: number }>(`SELECT COUNT(*)::int AS n FROM ${table}`);
      if ((present?.n ?? 0) > 0) {
        throw new QingfengError(
          "STORE_FAILED",
          `PostgreSQL already holds ${table} rows: the knowledge tables were copied before or are in use.`,
          { hint: "Migrate into an empty database (or drop it and run `qingfeng migrate` again)." },
        );
      }
    }
    for (const table of KNOWLEDGE_TABLES) copied[table] = await copyTable(sqlite, q, table);
    for (const table of KNOWLEDGE_TABLES) {
      const source = (sqlite.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number })
        .n;
      const target = (await q.row<{ n: number }>(`SELECT COUNT(*)::int AS n FROM ${table}`))?.n;
      if (target !== source) {
        throw new QingfengError(
          "STORE_FAILED",
          `Copying ${table} left ${target} rows in PostgreSQL for ${source} in SQLite; nothing was kept.`,
        );
      }
    }
  });
  return copied;
}

async function copyTable(
  sqlite: Database.Database,
  q: PgQueries,
  table: KnowledgeTable,
): Promise<number> {
  const target = await q.rows<{ name: string; identity: string }>(
    `SELECT column_name AS name, is_identity AS identity FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
    [table],
  );
  const sourceColumns = new Set(
    (sqlite.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name),
  );
  // The columns both schemas have; a column only PostgreSQL has keeps its default.
  const columns = target.map((c) => c.name).filter((c) => sourceColumns.has(c));
  const list = columns.join(", ");
  const order = sourceColumns.has("id") ? "id" : "rowid";
  const read = sqlite.prepare(`SELECT ${list} FROM ${table} ORDER BY ${order} LIMIT ? OFFSET ?`);
  let count = 0;
  for (let offset = 0; ; offset += BATCH) {
    const rows = read.raw().all(BATCH, offset) as unknown[][];
    if (rows.length === 0) break;
    const values = rows.map(
      (_, r) => `(${columns.map((_c, i) => `$${r * columns.length + i + 1}`).join(", ")})`,
    );
    await q.run(`INSERT INTO ${table} (${list}) VALUES ${values.join(", ")}`, rows.flat());
    count += rows.length;
  }
  if (target.some((c) => c.name === "id" && c.identity === "YES")) {
    // New rows continue after the copied ids.
    await q.run(
      `SELECT setval(pg_get_serial_sequence($1, 'id'), COALESCE((SELECT MAX(id) FROM ${table}), 0) + 1, false)`,
      [table],
    );
  }
  return count;
}
