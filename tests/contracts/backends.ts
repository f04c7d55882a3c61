import { afterAll, beforeAll, beforeEach } from "vitest";
import { FEATURES } from "../../bot/app/features.js";
import type { Storage } from "../../bot/kernel/storage.js";
import { memoryStorage } from "../../bot/storage/memory.js";
import {
  openPostgresStorage,
  type PostgresStorage,
  postgresStorage,
} from "../../bot/storage/postgres.js";
import { openSqliteStorage } from "../../bot/storage/sqlite.js";
import { KNOWLEDGE_POSTGRES_HISTORY } from "../../knowledge/store/postgres-schema.js";
import { openDatabase } from "../../knowledge/store/sqlite-store.js";
import { freshPgDatabase, type PgDatabase } from "../helpers/pg-database.js";

export interface Backend {
  name: string;
  /**
   * Registers what the backend needs around each test in the calling
   * describe block (a database for PostgreSQL); call it once at the top of
   * the block before `open`.
   */
  hooks(): void;
  /** A fresh, empty storage; `close` releases it. */
  open(): { storage: Storage; close(): void };
}

/**
 * PostgreSQL for contracts: one database per test file, migrated once; its
 * tables emptied before each test so every test starts on an empty store,
 * as on the other backends. Two `open`s in one test share the tables, as
 * two stores on one SQLite file do.
 */
function postgresBackend(): Backend {
  let db: PgDatabase | undefined;
  let storage: PostgresStorage | undefined;
  return {
    name: "postgres",
    hooks() {
      beforeAll(async () => {
        db = await freshPgDatabase();
        storage = await openPostgresStorage(db.url, FEATURES, {
          histories: [KNOWLEDGE_POSTGRES_HISTORY],
        });
      });
      beforeEach(async () => {
        await emptyTables(storage as PostgresStorage);
      });
      afterAll(async () => {
        await storage?.close();
        await db?.drop();
      });
    },
    open() {
      if (!storage) throw new Error("Call backend.hooks() in the describe block first.");
      // The quiz bank is knowledge's table in the same database (migrated in beforeAll).
      return { storage: postgresStorage(storage.pool), close: () => {} };
    },
  };
}

/** Every table but the migration record, identities restarted (ids count from 1 again). */
export async function emptyTables(storage: PostgresStorage): Promise<void> {
  const tables = await storage.pool.query<{ name: string }>(
    "SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'feature_migrations'",
  );
  if (tables.rows.length === 0) return;
  await storage.pool.query(
    `TRUNCATE ${tables.rows.map((t) => t.name).join(", ")} RESTART IDENTITY CASCADE`,
  );
}

/** The backends every storage contract runs against: a difference between them fails. */
export const BACKENDS: Backend[] = [
  {
    name: "sqlite",
    hooks() {},
    open() {
      // The real schema and driver (migrations, foreign keys); only the file is skipped.
      const db = openDatabase(":memory:");
      return { storage: openSqliteStorage(db, FEATURES), close: () => db.close() };
    },
  },
  { name: "memory", hooks() {}, open: () => ({ storage: memoryStorage(), close: () => {} }) },
  postgresBackend(),
];
