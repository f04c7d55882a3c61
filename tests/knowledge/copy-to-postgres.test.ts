import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Answer } from "../../knowledge/answer/answer-types.js";
import { allChunks } from "../../knowledge/ports/knowledge-store.js";
import { copyKnowledgeTables } from "../../knowledge/store/copy-to-postgres.js";
import { PostgresAnswerRecords } from "../../knowledge/store/postgres-answer-records.js";
import { PostgresQuizBank } from "../../knowledge/store/postgres-quiz-bank.js";
import { PostgresKnowledgeStore } from "../../knowledge/store/postgres-store.js";
import { SqliteAnswerRecords } from "../../knowledge/store/sqlite-answer-records.js";
import { SqliteQuizBank } from "../../knowledge/store/sqlite-quiz-bank.js";
import { question } from "../contracts/quiz-bank.contract.js";
import { pgKnowledgeDatabase } from "../helpers/pg-knowledge.js";
import { openTempKnowledgeBase, type TempKnowledgeBase } from "../helpers/temp-kb.js";

describe("copying a SQLite data directory's knowledge tables into PostgreSQL", () => {
  const pg = pgKnowledgeDatabase();
  let t: TempKnowledgeBase;
  beforeAll(async () => {
    t = await openTempKnowledgeBase();
  });
  afterAll(() => t.cleanup());

  it("copies every row with its id, so the copy reads as the original and new rows continue after", async () => {
    const records = new SqliteAnswerRecords(t.kb.db);
    const [first, second] = await allChunks(t.kb.store);
    const given: Answer = {
      question: "药代请我吃饭可以吗？",
      verdict: "prohibited",
      answer: "不可以。",
      citations: [],
      language: "zh",
      mode: "offline",
    };
    const answerId = await records.record(given, { topic: "宴请" });
    await records.rate(answerId, -1, "不够具体", "rater-1");
    await records.addCurated({
      pattern: "药代请吃饭",
      verdict: "prohibited",
      answer: "不可以。",
      chunkIds: [first!.id, second!.id],
    });
    await new SqliteQuizBank(t.kb.db).add([question("可以收回扣吗？")], "approved");
    await t.kb.store.setMeta("rater-salt", "salt-1");

    const copied = await copyKnowledgeTables(t.kb.db, pg.pool());
    const counts = await t.kb.store.counts();
    expect(copied).toMatchObject({
      sources: counts.sources,
      documents: counts.documents,
      chunks: counts.chunks,
      occurrences: counts.occurrences,
      answers: 1,
      feedback: 1,
      curated_answers: 1,
      quiz_questions: 1,
    });

    const store = new PostgresKnowledgeStore(pg.pool());
    expect(await store.counts()).toEqual(counts);
    expect(await store.listDocuments()).toEqual(await t.kb.store.listDocuments());
    expect(await allChunks(store)).toEqual(await allChunks(t.kb.store));
    const tokens = async (s: typeof store | TempKnowledgeBase["kb"]["store"]) => {
      const out: unknown[] = [];
      for await (const page of s.eachChunkTokens()) out.push(...page);
      for await (const page of s.eachChunkKinds()) out.push(...page);
      return out;
    };
    expect(await tokens(store)).toEqual(await tokens(t.kb.store));
    for (const key of ["rater-salt", "corpus-version", "tokens-fingerprint", "kinds-fingerprint"]) {
      expect(await store.getMeta(key)).toBe(await t.kb.store.getMeta(key));
    }
    const copiedRecords = new PostgresAnswerRecords(pg.pool());
    expect(await copiedRecords.getAnswer(answerId)).toEqual(await records.getAnswer(answerId));
    expect(await copiedRecords.openReviews()).toEqual(await records.openReviews());
    expect(await copiedRecords.listCurated()).toEqual(await records.listCurated());
    expect(await new PostgresQuizBank(pg.pool()).list()).toEqual(
      await new SqliteQuizBank(t.kb.db).list(),
    );

    // Identities moved past the copied ids: the next rows do not collide.
    expect(await copiedRecords.record(given, {})).toBe(answerId + 1);
    const changes = await store.replaceSource({ path: "new.txt", hash: "h", format: "txt" }, [
      {
        meta: { title: "新规定", kind: "policy" },
        chunks: [{ text: "新条款不得收受礼品卡。", path: ["一"], kind: "clause" }],
      },
    ]);
    expect(changes.added).toEqual([Math.max(...(await t.kb.store.chunkIds())) + 1]);
  });

  it("refuses to copy into tables that already hold rows, changing nothing", async () => {
    const store = new PostgresKnowledgeStore(pg.pool());
    await store.replaceSource({ path: "a.txt", hash: "h", format: "txt" }, [
      {
        meta: { title: "规定", kind: "policy" },
        chunks: [{ text: "不得收受回扣。", path: ["一"], kind: "clause" }],
      },
    ]);
    await expect(copyKnowledgeTables(t.kb.db, pg.pool())).rejects.toMatchObject({
      code: "STORE_FAILED",
      message: expect.stringContaining("already holds sources rows"),
    });
    expect(await store.counts()).toEqual({ sources: 1, documents: 1, chunks: 1, occurrences: 1 });
  });
});
