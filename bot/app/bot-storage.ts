import { KNOWLEDGE_POSTGRES_HISTORY } from "../../knowledge/store/postgres-schema.js";
import type { FeatureDescriptor } from "../kernel/feature.js";
import type { Storage } from "../kernel/storage.js";
import { openPostgresStorage, type PostgresStorage } from "../storage/postgres.js";
import { openSqliteStorage } from "../storage/sqlite.js";
import type { App } from "./open-app.js";

/**
 * The storage the configuration names: PostgreSQL when DATABASE_URL is set
 * (migrated by whichever instance gets the lock first), else the data
 * directory's SQLite file, exactly as before.
 */
export async function openConfiguredStorage(
  app: App,
  features: readonly FeatureDescriptor[],
): Promise<Storage> {
  const url = app.config.databaseUrl;
  if (!url) return openSqliteStorage(app.kb.db, features);
  // The knowledge history too: the quiz bank the quiz feature opens is knowledge's table.
  return openPostgresStorage(url, features, {
    local: app.kb.db,
    histories: [KNOWLEDGE_POSTGRES_HISTORY],
  });
}

export function isPostgres(storage: Storage): storage is PostgresStorage {
  return storage.backend === "postgres" && "pool" in storage;
}

/** What a start-up log line says about the storage: never the password. */
export function describeStorage(storage: Storage, app: App): Record<string, unknown> {
  if (!isPostgres(storage) || !app.config.databaseUrl) {
    return { backend: storage.backend, dataDir: app.config.dataDir };
  }
  const url = new URL(app.config.databaseUrl);
  return {
    backend: "postgres",
    host: url.hostname,
    port: url.port || "5432",
    database: url.pathname.replace(/^\//, ""),
    instance: storage.owner,
  };
}
