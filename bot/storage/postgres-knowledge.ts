import type pg from "pg";
import { KNOWLEDGE_POSTGRES_HISTORY } from "../../knowledge/store/postgres-schema.js";
import { asUnreachable, postgresPool } from "./postgres.js";
import { migratePostgres } from "./postgres-migrations.js";

/**
 * A pool on DATABASE_URL with the knowledge tables made or brought up to
 * date (under the same advisory lock as the features' histories). Throws
 * DATABASE_UNREACHABLE when the server does not answer, SCHEMA_NEWER when a
 * newer qingfeng migrated it.
 */
export async function openKnowledgePool(url: string): Promise<pg.Pool> {
  // Index builds read in pages and ingests write in one transaction: a few connections do.
  const pool = postgresPool(url, { maxConnections: 4 });
  try {
    await migratePostgres(pool, [KNOWLEDGE_POSTGRES_HISTORY]);
  } catch (error) {
    await pool.end().catch(() => {});
    throw asUnreachable(error);
  }
  return pool;
}
