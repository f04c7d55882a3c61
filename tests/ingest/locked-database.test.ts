import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestPaths } from "../../ingest/ingest-paths.js";
import { writePolicyFiles } from "../helpers/policy-files.js";
import { openTempKnowledgeBase, type TempKnowledgeBase } from "../helpers/temp-kb.js";

/**
 * Another process holding the database's write lock is the database's
 * state, not the file's: it used to be reported as INGEST_CORRUPT_FILE,
 * telling the user to fix a file that was fine.
 */
describe("ingest while another process holds the write lock", () => {
  let t: TempKnowledgeBase;
  let locker: Database.Database;
  beforeAll(async () => {
    t = await openTempKnowledgeBase({}, { corpus: false });
    // Wait only briefly inside SQLite; the retries below are what is tested.
    t.kb.db.pragma("busy_timeout = 20");
    locker = new Database(join(t.config.dataDir, "qingfeng.db"));
  });
  afterAll(() => {
    locker.close();
    t.cleanup();
  });

  it("reports STORE_BUSY with what to do, not a corrupt file, when the lock is never released", async () => {
    const [file] = writePolicyFiles(join(t.dir, "locked"), "锁", 1);
    const pauses: number[] = [];
    locker.exec("BEGIN IMMEDIATE");
    try {
      const report = await ingestPaths([file!], {
        store: t.kb.store,
        index: t.kb.index,
        busyRetry: { retries: 3, initialDelayMs: 100, sleep: async (ms) => void pauses.push(ms) },
      });
      expect(report.errors.map((e) => e.code)).toEqual(["STORE_BUSY"]);
      expect(report.errors[0]?.message).toMatch(
        /locked by another process.*Run the same ingest again/,
      );
      expect(pauses).toEqual([100, 200, 400]);
    } finally {
      locker.exec("ROLLBACK");
    }
    expect(await t.kb.store.getSource(file!)).toBeUndefined();
  });

  it("waits with backoff and stores the file once the other writer commits", async () => {
    const [file] = writePolicyFiles(join(t.dir, "released"), "放", 1);
    locker.exec("BEGIN IMMEDIATE");
    const report = await ingestPaths([file!], {
      store: t.kb.store,
      index: t.kb.index,
      busyRetry: {
        retries: 3,
        // The other writer finishes during the first pause.
        sleep: async () => {
          if (locker.inTransaction) locker.exec("COMMIT");
        },
      },
    });
    expect(report.errors).toEqual([]);
    expect(report.files[0]?.status).toBe("added");
    expect((await t.kb.store.getSource(file!))?.hash).toBeDefined();
  });
});
