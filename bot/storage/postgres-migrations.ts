import type pg from "pg";
import { QingfengError } from "./errors.js";

/** One step of one history: SQL applied once, in version order. */
export interface PostgresStep {
  version: number;
  name: string;
  sql: string;
}

/**
 * One migration history: a feature's (name = feature name) or another
 * owner's, e.g. the knowledge store's ("knowledge"), which the app passes in
 * beside the features' so one lock covers them all.
 */
export interface MigrationHistory {
  name: string;
  steps: readonly PostgresStep[];
}

/**
 * Key of the session advisory lock held while migrating: instances starting
 * together wait for the one that got it, then find its steps applied.
 */
export const MIGRATION_LOCK_KEY = 0x71_66_00_01;

/**
 * Applies every history's steps not yet applied, each in its own
 * transaction, under one advisory lock. Refuses (SCHEMA_NEWER) when the
 * database holds a step of a history newer than any this code knows: an
 * older instance must not write to a schema it does not understand.
 */
export async function migratePostgres(
  pool: pg.Pool,
  histories: readonly MigrationHistory[],
): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    try {
      await client.query(
        `CREATE TABLE IF NOT EXISTS feature_migrations (
           feature TEXT NOT NULL,
           version INTEGER NOT NULL,
           name TEXT NOT NULL,
           applied_at TIMESTAMPTZ NOT NULL DEFAULT now(),
           PRIMARY KEY (feature, version)
         )`,
      );
      const rows = await client.query<{ feature: string; version: number }>(
        "SELECT feature, version FROM feature_migrations",
      );
      const applied = new Map<string, Set<number>>();
      for (const r of rows.rows) {
        if (!applied.has(r.feature)) applied.set(r.feature, new Set());
        applied.get(r.feature)?.add(r.version);
      }
      for (const history of histories) refuseNewer(history, applied.get(history.name));
      for (const history of histories) {
        const done = applied.get(history.name) ?? new Set<number>();
        const steps = [...history.steps].sort((a, b) => a.version - b.version);
        for (const step of steps) {
          if (done.has(step.version)) continue;
          await client.query("BEGIN");
          try {
            await client.query(step.sql);
            await client.query(
              "INSERT INTO feature_migrations (feature, version, name) VALUES ($1, $2, $3)",
              [history.name, step.version, step.name],
            );
            await client.query("COMMIT");
          } catch (error) {
            await client.query("ROLLBACK");
            throw new QingfengError(
              "STORE_FAILED",
              `PostgreSQL migration ${history.name} ${step.version} (${step.name}) failed: ${(error as Error).message}`,
              { cause: error },
            );
          }
        }
      }
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]);
    }
  } finally {
    client.release();
  }
}

function refuseNewer(history: MigrationHistory, applied: Set<number> | undefined): void {
  if (!applied) return;
  const known = Math.max(0, ...history.steps.map((s) => s.version));
  const newest = Math.max(0, ...applied);
  if (newest > known) {
    throw new QingfengError(
      "SCHEMA_NEWER",
      `The database's ${history.name} schema is at version ${newest}; this qingfeng knows up to ${known}.`,
    );
  }
}
