import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allChunks } from "../../../knowledge/ports/knowledge-store.js";
import { generateQuestions } from "../../../knowledge/quiz/generate-questions.js";
import { generateInto, importInto } from "../../../knowledge/quiz/quiz-curator.js";
import { fromCsv, fromJson, toCsv, toJson } from "../../../knowledge/quiz/quiz-io.js";
import { SqliteQuizBank } from "../../../knowledge/store/sqlite-quiz-bank.js";
import { openTempKnowledgeBase, type TempKnowledgeBase } from "../../helpers/temp-kb.js";

describe("question bank: states, import and export", () => {
  let t: TempKnowledgeBase;
  let bank: SqliteQuizBank;
  beforeAll(async () => {
    t = await openTempKnowledgeBase();
    bank = new SqliteQuizBank(t.kb.db);
  });
  afterAll(() => t.cleanup());

  it("stores generated questions as drafts; approve and retire change state; only new questions on a rerun", async () => {
    const chunks = await allChunks(t.kb.store);
    const first = await generateInto(bank, chunks, 20);
    expect(first.added).toHaveLength(20);
    expect(await bank.list({ state: "draft" })).toHaveLength(20);
    const ids = first.added.slice(0, 5).map((q) => q.id);
    expect(await bank.setState(ids, "approved")).toEqual(ids);
    expect(await bank.setState(ids, "approved")).toEqual([]);
    expect(await bank.setState([ids[0] ?? 0], "retired")).toEqual([ids[0]]);
    expect((await bank.list({ state: "approved" })).map((q) => q.id)).toEqual(ids.slice(1));
    const second = await generateInto(bank, chunks, 20);
    const stems = new Set(first.added.map((q) => q.stem));
    expect(second.added.every((q) => !stems.has(q.stem))).toBe(true);
  });

  it("round-trips through JSON and CSV (commas, quotes, line breaks, formula-like text)", async () => {
    const list = (await bank.list()).slice(0, 8);
    const viaJson = fromJson(JSON.stringify({ questions: list.map(toJson) }));
    const viaCsv = fromCsv(toCsv(list));
    for (const parsed of [viaJson, viaCsv]) {
      expect(
        parsed.map((q) => [
          q.kind,
          q.stem,
          q.options,
          q.answer,
          q.explanation,
          q.source.text,
          q.source.year,
          q.conduct,
          q.audiences,
          q.adminOnly,
        ]),
      ).toEqual(
        list.map((q) => [
          q.kind,
          q.stem,
          q.options,
          q.answer,
          q.explanation,
          q.source.text,
          q.source.year,
          q.conduct,
          q.audiences,
          q.adminOnly,
        ]),
      );
    }
    // Situations on a kind of conduct carry it and their audiences through the files.
    expect(list.some((q) => q.conduct && (q.audiences?.length ?? 0) > 0)).toBe(true);
    const admin = { ...(list[0] as (typeof list)[number]), adminOnly: true, audiences: ["管理"] };
    expect(fromCsv(toCsv([admin]))[0]).toMatchObject({ adminOnly: true, audiences: ["管理"] });
    expect(fromJson(JSON.stringify([toJson(admin)]))[0]).toMatchObject({ adminOnly: true });
  });

  it("imports valid questions as drafts and lists each rejected one with its reason", async () => {
    const fresh = new SqliteQuizBank(t.kb.db);
    const chunks = await allChunks(t.kb.store);
    const [good, dup] = generateQuestions(chunks).questions.slice(100, 102);
    if (!good || !dup) throw new Error("corpus too small");
    const before = (await fresh.list()).length;
    const bad = {
      ...good,
      stem: `${good.stem}（改）`,
      answer: [(good.answer[0] ?? 0) === 0 ? 1 : 0],
    };
    const report = await importInto(fresh, [good, good, bad]);
    expect(report.added).toHaveLength(1);
    expect(report.added[0]?.state).toBe("draft");
    expect(report.rejected.map((r) => r.index)).toEqual([1, 2]);
    expect(report.rejected[0]?.problems.join()).toMatch(/near-duplicate/);
    expect(report.rejected[1]?.problems.join()).toMatch(
      /not what the clause says|not supported|verbatim|does not prove|more than one option/,
    );
    expect(await fresh.list()).toHaveLength(before + 1);
  });

  it("refuses malformed files with BAD_INPUT", () => {
    expect(() => fromJson("{")).toThrow(expect.objectContaining({ code: "BAD_INPUT" }));
    expect(() => fromJson(JSON.stringify({ questions: [{ kind: "essay" }] }))).toThrow(
      /kind must be/,
    );
    expect(() => fromCsv("a,b\n1,2")).toThrow(/no "kind" column/);
    expect(() =>
      fromJson(JSON.stringify([{ kind: "single", stem: "x", audiences: ["外科"] }])),
    ).toThrow(/audience 外科 is not one of 临床/);
  });
});
