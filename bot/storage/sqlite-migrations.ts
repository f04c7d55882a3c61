import type Database from "better-sqlite3";
import type { FeatureDescriptor } from "../kernel/feature.js";
import type { Migration } from "../kernel/storage.js";

/**
 * Applies each feature's SQLite steps not yet applied, feature by feature in
 * registration order, each step in its own write transaction (re-checked
 * under the lock: another process may be migrating the same file). A step
 * that `replaces` a version of the combined history is recorded without
 * running when the database applied that version (it was made by release
 * fd98554 or before).
 */
export function migrateFeatures(
  db: Database.Database,
  features: readonly FeatureDescriptor[],
): void {
  db.exec(
    `CREATE TABLE IF NOT EXISTS feature_migrations (
       feature TEXT NOT NULL,
       version INTEGER NOT NULL,
       name TEXT NOT NULL,
       applied_at TEXT NOT NULL,
       -- 1 when recorded because the combined history had already made the change.
       replaced INTEGER NOT NULL DEFAULT 0,
       PRIMARY KEY (feature, version)
     )`,
  );
  const applied = db.prepare("SELECT 1 FROM feature_migrations WHERE feature = ? AND version = ?");
  const record = db.prepare(
    "INSERT INTO feature_migrations (feature, version, name, applied_at, replaced) VALUES (?, ?, ?, ?, ?)",
  );
  const combined = combinedHistory(db);
  for (const feature of features) {
    const steps = [...(feature.migrations?.sqlite ?? [])].sort((a, b) => a.version - b.version);
    for (const step of steps) {
      if (applied.get(feature.name, step.version)) continue;
      db.transaction(() => {
        if (applied.get(feature.name, step.version)) return;
        const replaced = isReplaced(step, combined);
        if (!replaced) db.exec(step.sql);
        record.run(
          feature.name,
          step.version,
          step.name,
          new Date().toISOString(),
          replaced ? 1 : 0,
        );
      })();
    }
  }
}

function isReplaced(step: Migration, combined: Set<number>): boolean {
  return step.replaces !== undefined && combined.has(step.replaces);
}

/** Versions of knowledge's schema_migrations (the combined history before features owned tables). */
function combinedHistory(db: Database.Database): Set<number> {
  const exists = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
    .get();
  if (!exists) return new Set();
  return new Set(
    (db.prepare("SELECT version FROM schema_migrations").all() as { version: number }[]).map(
      (r) => r.version,
    ),
  );
}
