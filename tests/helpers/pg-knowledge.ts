import type pg from "pg";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { postgresPool, postgresStorage } from "../../bot/storage/postgres.js";
import { migratePostgres } from "../../bot/storage/postgres-migrations.js";
import { KNOWLEDGE_POSTGRES_HISTORY } from "../../knowledge/store/postgres-schema.js";
import { emptyTables } from "../contracts/backends.js";
import { freshPgDatabase, type PgDatabase } from "./pg-database.js";

/** The knowledge history as the app passes it to migratePostgres. */
export const KNOWLEDGE_HISTORIES = [KNOWLEDGE_POSTGRES_HISTORY];

/**
 * A database with the knowledge tables for the calling describe block: made
 * and migrated once, emptied (ids restarted) before each test. `pool()`
 * returns its pool once the block's beforeAll ran.
 */
export function pgKnowledgeDatabase(): { pool(): pg.Pool; url(): string } {
  let db: PgDatabase | undefined;
  let pool: pg.Pool | undefined;
  beforeAll(async () => {
    db = await freshPgDatabase();
    pool = postgresPool(db.url);
    await migratePostgres(pool, KNOWLEDGE_HISTORIES);
  });
  beforeEach(async () => {
    if (pool) await emptyTables(postgresStorage(pool));
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });
  return {
    pool() {
      if (!pool) throw new Error("pgKnowledgeDatabase(): the database is not open yet.");
      return pool;
    },
    url() {
      if (!db) throw new Error("pgKnowledgeDatabase(): the database is not open yet.");
      return db.url;
    },
  };
}
