import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FEATURES } from "../../../bot/app/features.js";
import { openSqliteStorage } from "../../../bot/storage/sqlite.js";
import { MIGRATIONS, RETIRED_VERSIONS } from "../../../knowledge/store/migrations.js";
import { openDatabase } from "../../../knowledge/store/sqlite-store.js";

type Db = ReturnType<typeof openDatabase>;

/** Every table and index with the SQL that made it, whitespace aside. */
function schema(db: Db): string[] {
  return (
    db
      .prepare("SELECT type, name, tbl_name AS tbl, sql FROM sqlite_master ORDER BY type, name")
      .all() as { type: string; name: string; tbl: string; sql: string | null }[]
  ).map((r) => `${r.type} ${r.name} ${r.tbl} ${(r.sql ?? "").replace(/\s+/g, " ")}`);
}

const steps = FEATURES.flatMap((f) =>
  (f.migrations?.sqlite ?? []).map((m) => ({ feature: f.name, ...m })),
);

describe("features' own migrations", () => {
  let dir: string;
  let fresh: Db;
  let legacy: Db;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "qingfeng-migrations-"));
    fresh = openSqliteStorage(openDatabase(join(dir, "fresh.db")), FEATURES).db;
    cpSync(join(import.meta.dirname, "../../fixtures/legacy-data-dir"), join(dir, "legacy"), {
      recursive: true,
    });
    legacy = openSqliteStorage(openDatabase(join(dir, "legacy", "qingfeng.db")), FEATURES).db;
  });
  afterAll(() => {
    fresh?.close();
    legacy?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("make the same schema in a new database as in one the combined history made", () => {
    expect(schema(legacy)).toEqual(schema(fresh));
  });

  it("record the steps the combined history already made instead of running them", () => {
    const recorded = legacy
      .prepare(
        "SELECT feature, version, replaced FROM feature_migrations ORDER BY feature, version",
      )
      .all();
    expect(recorded).toEqual(
      steps
        .map((s) => ({
          feature: s.feature,
          version: s.version,
          // The fixture was made by fd98554: only steps newer than that run.
          replaced: s.replaces === undefined ? 0 : 1,
        }))
        .sort((a, b) => a.feature.localeCompare(b.feature) || a.version - b.version),
    );
    const fromScratch = fresh.prepare(
      "SELECT COUNT(*) AS n FROM feature_migrations WHERE replaced = 1",
    );
    expect(fromScratch.get()).toEqual({ n: 0 });
  });

  it("run nothing twice", () => {
    const before = schema(legacy);
    openSqliteStorage(legacy, FEATURES);
    openSqliteStorage(fresh, FEATURES);
    expect(schema(legacy)).toEqual(before);
    expect(legacy.prepare("SELECT COUNT(*) AS n FROM feature_migrations").get()).toEqual({
      n: steps.length,
    });
  });

  it("replace only retired versions of the combined history, which knowledge never uses again", () => {
    const knowledge = MIGRATIONS.map((m) => m.version);
    for (const v of RETIRED_VERSIONS) expect(knowledge).not.toContain(v);
    for (const s of steps)
      if (s.replaces !== undefined) expect(RETIRED_VERSIONS).toContain(s.replaces);
    for (const f of FEATURES) {
      const versions = (f.migrations?.sqlite ?? []).map((m) => m.version);
      expect(new Set(versions).size, f.name).toBe(versions.length);
    }
  });
});
