import type Database from "better-sqlite3";
import pg from "pg";
import { isConnectionError } from "../../knowledge/store/pg-queries.js";
import type { FeatureDescriptor } from "../kernel/feature.js";
import type { Storage } from "../kernel/storage.js";
import { QingfengError } from "./errors.js";
import { instanceName } from "./postgres-leader.js";
import { type MigrationHistory, migratePostgres } from "./postgres-migrations.js";

/**
 * The shared backend: every store on one PostgreSQL database through a
 * `pg` pool, so several `qingfeng start` processes serve one bot.
 */
export interface PostgresStorage extends Storage {
  readonly backend: "postgres";
  readonly pool: pg.Pool;
  /** The database's URL (for sessions outside the pool: the leadership lock). */
  readonly url: string;
  /**
   * This instance's name: recorded on the outbox rows it claims and held as
   * an advisory lock while it lives (postgres-leader.ts), so another
   * instance can tell a dead owner's rows from a live one's.
   */
  readonly owner: string;
  /**
   * This instance's SQLite file, for what has not moved to PostgreSQL yet:
   * the knowledge store and its quiz bank (their PostgreSQL store is the
   * knowledge layer's to add; then this goes).
   */
  readonly local?: Database.Database | undefined;
  /** Ends the pool (after the bot stopped using it). */
  close(): Promise<void>;
}

export interface PostgresOptions {
  /** Connections this process may hold (default 10). */
  maxConnections?: number;
  /** Other owners' histories (the knowledge store's), migrated under the same lock, first. */
  histories?: readonly MigrationHistory[];
  /** See PostgresStorage.local. */
  local?: Database.Database;
}

// COUNT(*), SUM and BIGINT come back as strings by default; every number
// these stores keep fits a double, so they read as numbers like SQLite's.
const types = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === pg.types.builtins.INT8 && format !== "binary") return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  },
};

/** A pool on `url` (no query yet: connection errors surface at first use). */
export function postgresPool(url: string, options: { maxConnections?: number } = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    types,
    connectionTimeoutMillis: 5_000,
    // A CLI verb exits when its work is done, without waiting for idle connections to time out.
    allowExitOnIdle: true,
    // A server restart kills idle connections; the pool replaces them, and
    // without a listener their error would end the process.
    idleTimeoutMillis: 30_000,
  });
  pool.on("error", () => {});
  return pool;
}

export function postgresStorage(
  pool: pg.Pool,
  options: { url?: string; local?: Database.Database | undefined; owner?: string } = {},
): PostgresStorage {
  return {
    backend: "postgres",
    pool,
    url: options.url ?? "",
    local: options.local,
    owner: options.owner ?? instanceName(),
    close: () => pool.end(),
  };
}

/** The features' histories on PostgreSQL, in registration order. */
export function featureHistories(features: readonly FeatureDescriptor[]): MigrationHistory[] {
  return features.map((f) => ({ name: f.name, steps: f.migrations?.postgres ?? [] }));
}

/**
 * Connects, migrates (one instance at a time, under an advisory lock) and
 * returns the storage. Throws DATABASE_UNREACHABLE when the server does not
 * answer, SCHEMA_NEWER when a newer qingfeng migrated it.
 */
export async function openPostgresStorage(
  url: string,
  features: readonly FeatureDescriptor[],
  options: PostgresOptions = {},
): Promise<PostgresStorage> {
  const pool = postgresPool(url, options);
  try {
    await migratePostgres(pool, [...(options.histories ?? []), ...featureHistories(features)]);
  } catch (error) {
    await pool.end().catch(() => {});
    throw asUnreachable(error);
  }
  return postgresStorage(pool, { url, local: options.local });
}

/** The pool behind `storage`; a feature's stores.ts calls it for the postgres backend. */
export function postgresOf(storage: Storage): pg.Pool {
  if (storage.backend !== "postgres" || !("pool" in storage)) {
    throw new QingfengError("CONFIG_INVALID", `${storage.backend} is not the postgres backend.`, {
      hint: "Open PostgreSQL stores on openPostgresStorage(DATABASE_URL, …).",
    });
  }
  return (storage as PostgresStorage).pool;
}

/** The storage behind `storage` when it is PostgreSQL (its pool and local file). */
export function postgresStorageOf(storage: Storage): PostgresStorage {
  postgresOf(storage);
  return storage as PostgresStorage;
}

/** Whether the database answers a trivial query now (for /readyz). */
export async function postgresReachable(pool: pg.Pool): Promise<boolean> {
  try {
    await pool.query("SELECT 1");
    return true;
  } catch {
    return false;
  }
}

/** Connection failures as DATABASE_UNREACHABLE; anything else unchanged. */
export function asUnreachable(error: unknown): unknown {
  if (error instanceof QingfengError || !isConnectionError(error)) return error;
  return new QingfengError(
    "DATABASE_UNREACHABLE",
    `PostgreSQL did not answer: ${(error as Error).message}`,
    { cause: error },
  );
}
