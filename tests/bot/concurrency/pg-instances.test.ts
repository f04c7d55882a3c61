import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../bot/app/config.js";
import { CorpusFollower } from "../../../bot/app/corpus-follower.js";
import { type KnowledgeBase, openKnowledgeBase } from "../../../bot/app/knowledge-base.js";
import { OfflineAnswerer } from "../../../knowledge/answer/offline-answerer.js";
import { ManualScheduler } from "../../helpers/case-testbed.js";
import { freshPgDatabase, type PgDatabase } from "../../helpers/pg-database.js";
import { writePolicyFiles } from "../../helpers/policy-files.js";
import { openTempKnowledgeBase, type TempKnowledgeBase } from "../../helpers/temp-kb.js";

const answerer = (kb: KnowledgeBase) =>
  new OfflineAnswerer({ retriever: kb.retriever, index: kb.index, contact: "纪检监察室" });

/**
 * Two instances on one PostgreSQL database, each with its own data
 * directory (its vector index and caches) and in-memory indexes, as two
 * `qingfeng start` processes on two machines.
 */
describe("two instances on one PostgreSQL database", () => {
  let db: PgDatabase;
  let root: string;
  let first: KnowledgeBase;
  let second: KnowledgeBase;
  let sqlite: TempKnowledgeBase;
  const open = (name: string) =>
    openKnowledgeBase(loadConfig({ QINGFENG_DATA_DIR: join(root, name), DATABASE_URL: db.url }));

  beforeAll(async () => {
    db = await freshPgDatabase();
    root = mkdtempSync(join(tmpdir(), "qingfeng-pg-instances-"));
    first = await open("first");
    await first.ensureDefaultCorpus();
    second = await open("second");
    sqlite = await openTempKnowledgeBase();
  });
  afterAll(async () => {
    first?.close();
    second?.close();
    sqlite?.cleanup();
    rmSync(root, { recursive: true, force: true });
    await db?.drop();
  });

  it("answers every staff question as the embedded SQLite store does, on both instances", async () => {
    const questions = readFileSync("tests/eval/staff.jsonl", "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => (JSON.parse(l) as { q: string }).q);
    expect(await second.store.counts()).toEqual(await sqlite.kb.store.counts());
    const [ingested, opened, onSqlite] = [first, second, sqlite.kb].map(answerer);
    // A vector index built in one pass at open ranks by scores a hair apart from one
    // built file by file during the ingest (on SQLite too): citations and words agree.
    const withoutScores = (a: object) =>
      JSON.parse(JSON.stringify(a, (key, value) => (key === "score" ? undefined : value)));
    for (const q of questions) {
      const { retrieval: _l, ...lite } = await onSqlite!.answer(q);
      const { retrieval: _i, ...viaIngest } = await ingested!.answer(q);
      const { retrieval: _o, ...viaOpen } = await opened!.answer(q);
      expect(viaIngest).toEqual(lite);
      expect(withoutScores(viaOpen)).toEqual(withoutScores(lite));
    }
  });

  it("answers on one instance from a document ingested through the other, told by NOTIFY", async () => {
    const follower = new CorpusFollower({
      store: second.store,
      index: second.index,
      log: (_level, message) => {
        if (message === "corpus changed: indexes refreshed") refreshed();
      },
    });
    let refreshed = () => {};
    const changed = new Promise<void>((resolve) => {
      refreshed = resolve;
    });
    // The scheduler never fires: only the notification can bring the change.
    const scheduler = new ManualScheduler();
    const stop = follower.follow(scheduler, 60_000);
    try {
      expect(await follower.listening).toBe(true);
      await follower.catchUp();
      const question = "第通0号病区的医务人员可以收患者的红包吗？";
      const before = await answerer(second).answer(question);
      expect(before.citations.some((c) => c.title.includes("第通0号病区"))).toBe(false);

      const [file] = writePolicyFiles(join(root, "uploads"), "通", 1);
      const report = await first.ingest([file!]);
      expect(report.errors).toEqual([]);
      await changed;
      const after = await answerer(second).answer(question);
      expect(after.verdict).toBe("prohibited");
      expect(after.citations.some((c) => c.title.includes("第通0号病区"))).toBe(true);
    } finally {
      stop();
    }
  });
});
