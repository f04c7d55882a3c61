import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshPgDatabase, type PgDatabase } from "../../helpers/pg-database.js";

describe("the test PostgreSQL cluster", () => {
  let a: PgDatabase;
  let b: PgDatabase;
  beforeAll(async () => {
    a = await freshPgDatabase();
    b = await freshPgDatabase();
  });
  afterAll(async () => {
    await a?.drop();
    await b?.drop();
  });

  it("gives each caller its own database, so files run in parallel unseen by each other", async () => {
    const ca = new pg.Client({ connectionString: a.url });
    const cb = new pg.Client({ connectionString: b.url });
    await ca.connect();
    await cb.connect();
    try {
      await ca.query("CREATE TABLE t (x int)");
      await ca.query("INSERT INTO t VALUES (1)");
      const seen = await cb.query("SELECT to_regclass('t') AS t");
      expect(seen.rows[0].t).toBeNull();
      const ver = await ca.query("SHOW server_version_num");
      expect(Number(ver.rows[0].server_version_num)).toBeGreaterThanOrEqual(130000);
    } finally {
      await ca.end();
      await cb.end();
    }
  });
});
