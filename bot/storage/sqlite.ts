import type Database from "better-sqlite3";
import { QingfengError } from "../kernel/errors.js";
import type { FeatureDescriptor } from "../kernel/feature.js";
import type { Storage } from "../kernel/storage.js";
import { migrateFeatures } from "./sqlite-migrations.js";

/** The embedded default: the data directory's one SQLite database, shared with the knowledge store. */
export interface SqliteStorage extends Storage {
  readonly backend: "sqlite";
  readonly db: Database.Database;
}

export function sqliteStorage(db: Database.Database): SqliteStorage {
  return { backend: "sqlite", db };
}

/** The database with these features' tables made or brought up to date (knowledge's are already). */
export function openSqliteStorage(
  db: Database.Database,
  features: readonly FeatureDescriptor[],
): SqliteStorage {
  migrateFeatures(db, features);
  return sqliteStorage(db);
}

/** The SQLite handle behind `storage`; a feature's stores.ts calls it for the sqlite backend. */
export function sqliteOf(storage: Storage): Database.Database {
  if (storage.backend !== "sqlite" || !("db" in storage)) {
    throw new QingfengError("CONFIG_INVALID", `No ${storage.backend} store for this feature yet.`, {
      hint: "Run on the embedded SQLite default (unset DATABASE_URL).",
    });
  }
  return (storage as SqliteStorage).db;
}
