import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FeatureDescriptor } from "../../../bot/kernel/feature.js";
import { openPostgresStorage, postgresPool } from "../../../bot/storage/postgres.js";
import { freshPgDatabase, type PgDatabase } from "../../helpers/pg-database.js";

const noop = async () => ({});

function feature(name: string, steps: { version: number; sql: string }[]): FeatureDescriptor {
  return {
    name,
    migrations: { postgres: steps.map((s) => ({ ...s, name: `step ${s.version}` })) },
    open: noop,
  };
}

const counters = feature("counters", [
  { version: 1, sql: "CREATE TABLE counters (id INT PRIMARY KEY, n INT NOT NULL)" },
  // Not idempotent: running it twice fails, so a double application shows.
  { version: 2, sql: "INSERT INTO counters VALUES (1, 0)" },
]);

describe("PostgreSQL migrations", () => {
  let db: PgDatabase;
  beforeAll(async () => {
    db = await freshPgDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("are applied once when three instances start together", async () => {
    const opened = await Promise.all([1, 2, 3].map(() => openPostgresStorage(db.url, [counters])));
    try {
      const rows = await opened[0]?.pool.query("SELECT id, n FROM counters");
      expect(rows?.rows).toEqual([{ id: 1, n: 0 }]);
      const recorded = await opened[0]?.pool.query(
        "SELECT feature, version FROM feature_migrations ORDER BY version",
      );
      expect(recorded?.rows).toEqual([
        { feature: "counters", version: 1 },
        { feature: "counters", version: 2 },
      ]);
    } finally {
      await Promise.all(opened.map((s) => s.close()));
    }
  });

  it("apply a later step to a database an older release migrated", async () => {
    const next = feature("counters", [
      ...(counters.migrations?.postgres ?? []),
      { version: 3, sql: "UPDATE counters SET n = n + 1" },
    ]);
    const storage = await openPostgresStorage(db.url, [next]);
    try {
      expect((await storage.pool.query("SELECT n FROM counters")).rows).toEqual([{ n: 1 }]);
    } finally {
      await storage.close();
    }
  });

  it("refuse to run against a schema newer than the code knows", async () => {
    // The database is at counters v3 now; code knowing only v1–v2 must not start.
    await expect(openPostgresStorage(db.url, [counters])).rejects.toMatchObject({
      code: "SCHEMA_NEWER",
    });
  });

  it("say the database is unreachable, with its code, when nothing listens", async () => {
    const url = new URL(db.url);
    url.port = "1"; // privileged and unused: refused at once
    await expect(openPostgresStorage(url.toString(), [counters])).rejects.toMatchObject({
      code: "DATABASE_UNREACHABLE",
    });
  });

  it("read BIGINT and COUNT(*) as numbers, as the SQLite stores do", async () => {
    const pool = postgresPool(db.url);
    try {
      const r = await pool.query("SELECT COUNT(*) AS n, 5::bigint AS b");
      expect(r.rows[0]).toEqual({ n: 1, b: 5 });
    } finally {
      await pool.end();
    }
  });
});
