import type Database from "better-sqlite3";
import type pg from "pg";
import { QingfengError } from "./errors.js";

export interface CopiedTable {
  table: string;
  rows: number;
}

export interface CopyReport {
  copied: CopiedTable[];
  /** SQLite tables with no PostgreSQL twin yet (the knowledge store's, until it moves). */
  leftInSqlite: string[];
}

export interface CopyOptions {
  /**
   * Per-table row changes on the way (a SQLite BLOB to a bytea, a 0/1 to a
   * boolean): the hook for tables whose PostgreSQL schema differs — the
   * knowledge store's, when its PostgreSQL history is migrated beside the
   * features'. Tables without one are copied column for column.
   */
  transform?: Record<string, (row: Record<string, unknown>) => Record<string, unknown>>;
}

/** Bookkeeping tables that each backend keeps for itself. */
const NOT_COPIED = new Set(["feature_migrations", "schema_migrations", "sqlite_sequence"]);
const BATCH_ROWS = 500;

/**
 * Copies every table the PostgreSQL database has (as its migrations made
 * it) from the SQLite file, in foreign-key order, in one transaction; sets
 * identity counters past the copied ids; and checks every table's row count
 * against the source. Refuses a target that already holds rows: this is a
 * one-time move into an empty database, never a merge.
 */
export async function copySqliteToPostgres(
  db: Database.Database,
  pool: pg.Pool,
  options: CopyOptions = {},
): Promise<CopyReport> {
  const sqliteTables = new Set(
    (
      db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .all() as { name: string }[]
    ).map((r) => r.name),
  );
  const client = await pool.connect();
  try {
    const pgTables = await tablesInForeignKeyOrder(client);
    const tables = pgTables.filter((t) => sqliteTables.has(t) && !NOT_COPIED.has(t));
    for (const table of tables) {
      const held = await client.query(`SELECT 1 FROM ${quote(table)} LIMIT 1`);
      if ((held.rowCount ?? 0) > 0) {
        throw new QingfengError(
          "BAD_INPUT",
          `The PostgreSQL table ${table} already holds rows: migrate copies into an empty database only.`,
          {
            hint: "Point --to at a new, empty database (CREATE DATABASE …), or drop this one first.",
          },
        );
      }
    }
    const copied: CopiedTable[] = [];
    await client.query("BEGIN");
    try {
      for (const table of tables) {
        copied.push({
          table,
          rows: await copyTable(db, client, table, options.transform?.[table]),
        });
      }
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    }
    for (const { table, rows } of copied) {
      const there = await client.query<{ n: number }>(
        `SELECT COUNT(*)::int AS n FROM ${quote(table)}`,
      );
      if (there.rows[0]?.n !== rows) {
        throw new QingfengError(
          "STORE_FAILED",
          `${table}: ${rows} rows in SQLite but ${there.rows[0]?.n} in PostgreSQL after the copy.`,
        );
      }
    }
    const leftInSqlite = [...sqliteTables]
      .filter((t) => !pgTables.includes(t) && !NOT_COPIED.has(t))
      .sort();
    return { copied, leftInSqlite };
  } finally {
    client.release();
  }
}

async function copyTable(
  db: Database.Database,
  client: pg.PoolClient,
  table: string,
  transform: ((row: Record<string, unknown>) => Record<string, unknown>) | undefined,
): Promise<number> {
  const pgColumns = await client.query<{ name: string; always: boolean; identity: boolean }>(
    `SELECT column_name AS name, is_identity = 'YES' AS identity,
            identity_generation = 'ALWAYS' AS always
     FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1
     ORDER BY ordinal_position`,
    [table],
  );
  const sqliteColumns = new Set(
    (db.prepare(`PRAGMA table_info(${quote(table)})`).all() as { name: string }[]).map(
      (c) => c.name,
    ),
  );
  // A column PostgreSQL generates itself (an insertion counter) is left to it: rows go in in rowid order.
  const columns = pgColumns.rows
    .filter((c) => !c.always && sqliteColumns.has(c.name))
    .map((c) => c.name);
  const select = db.prepare(
    `SELECT ${columns.map(quote).join(", ")} FROM ${quote(table)} ORDER BY rowid`,
  );
  let count = 0;
  let batch: unknown[][] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const params: unknown[] = [];
    const tuples = batch.map((row) => {
      const marks = row.map((value) => {
        params.push(value);
        return `$${params.length}`;
      });
      return `(${marks.join(", ")})`;
    });
    await client.query(
      `INSERT INTO ${quote(table)} (${columns.map(quote).join(", ")}) VALUES ${tuples.join(", ")}`,
      params,
    );
    batch = [];
  };
  for (const raw of select.iterate() as Iterable<Record<string, unknown>>) {
    const row = transform ? transform(raw) : raw;
    batch.push(columns.map((c) => row[c] ?? null));
    count += 1;
    if (batch.length >= BATCH_ROWS) await flush();
  }
  await flush();
  for (const c of pgColumns.rows.filter((col) => col.identity && !col.always)) {
    await client.query(
      `SELECT setval(pg_get_serial_sequence($1, $2), COALESCE((SELECT MAX(${quote(c.name)}) FROM ${quote(table)}), 0) + 1, false)`,
      [table, c.name],
    );
  }
  return count;
}

/** The public tables, each after the tables its foreign keys name (self-references aside). */
async function tablesInForeignKeyOrder(client: pg.PoolClient): Promise<string[]> {
  const tables = (
    await client.query<{ name: string }>(
      "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
    )
  ).rows.map((r) => r.name);
  const refs = (
    await client.query<{ child: string; parent: string }>(
      `SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent
       FROM pg_constraint c WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace`,
    )
  ).rows;
  const ordered: string[] = [];
  const visiting = new Set<string>();
  const visit = (table: string) => {
    if (ordered.includes(table) || visiting.has(table)) return;
    visiting.add(table);
    for (const r of refs) if (r.child === table && r.parent !== table) visit(r.parent);
    ordered.push(table);
  };
  for (const t of tables) visit(t);
  return ordered;
}

function quote(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
