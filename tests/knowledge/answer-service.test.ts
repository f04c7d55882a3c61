import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../bot/app/config.js";
import { type App, openApp } from "../../bot/app/open-app.js";

describe("AnswerService: records, feedback, curated answers, privacy", () => {
  let dir: string;
  let app: App;
  let clock = new Date("2026-11-20T09:00:00Z");

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "qingfeng-answers-"));
    app = await openApp(loadConfig({ QINGFENG_DATA_DIR: dir }), { now: () => clock });
  });
  afterAll(() => {
    app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("records answers without the asker by default", async () => {
    const answer = await app.answers.ask("医保卡可以违规兑付现金吗？", {
      platform: "telegram",
      asker: "tg:42",
    });
    expect(answer.id).toBeGreaterThan(0);
    const row = app.kb.db
      .prepare("SELECT asker, platform, question FROM answers WHERE id = ?")
      .get(answer.id);
    expect(row).toEqual({
      asker: null,
      platform: "telegram",
      question: "医保卡可以违规兑付现金吗？",
    });
  });

  it("counts one rating per rater, and keeps raters pseudonymous", async () => {
    const answer = await app.answers.ask("医疗机构能给科室下达创收指标吗？");
    await app.answers.rate(answer.id, 1, undefined, "tg:7");
    const second = await app.answers.rate(answer.id, -1, "引用的条款不对", "tg:7");
    const rows = app.kb.db
      .prepare("SELECT rating, rater FROM feedback WHERE answer_id = ?")
      .all(answer.id) as {
      rating: number;
      rater: string;
    }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]?.rating).toBe(-1);
    expect(rows[0]?.rater).toMatch(/^[0-9a-f]{32}$/);
    expect(second.reason).toBe("引用的条款不对");
  });

  it("resolves a 👎 by pinning a corrected answer that close questions then get", async () => {
    const asked = await app.answers.ask("药代请我吃饭可以吗？");
    const down = await app.answers.rate(asked.id, -1, "请给出本院规定", "slack:U1");
    expect((await app.records.openReviews()).map((f) => f.id)).toContain(down.id);

    const { curated } = await app.answers.resolve(down.id, {
      answer: "不可以。接受医药代表安排的宴请属于违反九项准则的行为，请婉拒并向科室报告。",
    });
    expect(curated.chunkIds).toEqual(asked.citations.map((c) => c.chunkId));
    expect((await app.records.openReviews()).map((f) => f.id)).not.toContain(down.id);

    const again = await app.answers.ask("医药代表请我吃饭可以吗？");
    expect(again.mode).toBe("curated");
    expect(again.curatedId).toBe(curated.id);
    expect(again.answer).toContain("标准答案");
    expect(again.citations[0]?.chunkId).toBe(asked.citations[0]?.chunkId);

    const unrelated = await app.answers.ask("医院接受的捐赠资金可以用来发职工福利吗？");
    expect(unrelated.mode).toBe("offline");
  });

  it("refuses a curated answer that cites nothing or unknown clauses", async () => {
    await expect(
      app.answers.pin({ pattern: "x", verdict: "prohibited", answer: "y", chunkIds: [] }),
    ).rejects.toThrow(/cite/);
    await expect(
      app.answers.pin({ pattern: "x", verdict: "info", answer: "y", chunkIds: [999999] }),
    ).rejects.toThrow(/999999/);
    expect(await app.records.listCurated()).toHaveLength(1);
  });

  it("refuses an empty or huge question politely, storing nothing", async () => {
    const before = (await app.records.stats("2000-01-01T00:00:00Z")).questions;
    await expect(app.answers.ask("   ")).rejects.toMatchObject({ code: "BAD_INPUT" });
    await expect(app.answers.ask("回扣".repeat(5_000_000))).rejects.toMatchObject({
      code: "BAD_INPUT",
    });
    expect((await app.records.stats("2000-01-01T00:00:00Z")).questions).toBe(before);
  });

  it("aggregates questions per day, topics, unanswered questions and the 👎 rate", async () => {
    clock = new Date("2026-11-21T10:00:00Z");
    await app.answers.ask("医院的WiFi密码是多少？");
    await app.answers.ask("医院的WiFi密码是多少？");
    const s = await app.records.stats("2026-11-01T00:00:00Z");
    expect(s.perDay).toEqual([
      { day: "2026-11-20", questions: 5 },
      { day: "2026-11-21", questions: 2 },
    ]);
    expect(s.unanswered[0]).toEqual({ question: "医院的WiFi密码是多少？", times: 2 });
    expect(s.thumbsDown).toBe(2);
    expect(s.downRate).toBe(1);
    expect(s.topTopics.length).toBeGreaterThan(0);
    expect(s.openReviews).toBe(1);
  });

  const firstChunkId = () =>
    (app.kb.db.prepare("SELECT id FROM chunks ORDER BY id LIMIT 1").get() as { id: number }).id;

  it("pins a resolution under the verdict its text states, not the old answer's", async () => {
    const asked = await app.answers.ask("医院食堂的菜单每周更新吗？");
    expect(asked.verdict).toBe("not_covered");
    const down = await app.answers.rate(asked.id, -1, undefined, "tg:11");
    const { curated } = await app.answers.resolve(down.id, {
      answer: "不可以。……",
      chunkIds: [asked.citations[0]?.chunkId ?? firstChunkId()],
    });
    expect(curated.verdict).toBe("prohibited");
    const again = await app.answers.ask("医院食堂的菜单每周更新吗？");
    expect(again).toMatchObject({ mode: "curated", verdict: "prohibited" });
  });

  it("refuses a pinned verdict that contradicts the answer, and asks when the text cannot tell", async () => {
    const before = (await app.records.listCurated()).length;
    const chunkIds = [firstChunkId()];
    await expect(
      app.answers.pin({ pattern: "x", verdict: "not_covered", answer: "不可以。……", chunkIds }),
    ).rejects.toMatchObject({ code: "VERDICT_CONTRADICTS_ANSWER", hint: /--verdict/ });
    await expect(
      app.answers.pin({
        pattern: "x",
        verdict: "prohibited",
        answer: "可以，但须经批准。",
        chunkIds,
      }),
    ).rejects.toMatchObject({ code: "VERDICT_CONTRADICTS_ANSWER" });
    await expect(
      app.answers.pin({ pattern: "x", answer: "请参见纪检监察室的说明。", chunkIds }),
    ).rejects.toMatchObject({ code: "VERDICT_UNCLEAR", hint: /--verdict/ });
    expect(await app.records.listCurated()).toHaveLength(before);
  });

  it("resolves a 👎 once when two resolutions of it run at the same time", async () => {
    const asked = await app.answers.ask("可以收患者的红包吗？");
    const down = await app.answers.rate(asked.id, -1, undefined, "tg:9");
    const before = (await app.records.listCurated()).length;
    const [first, second] = await Promise.allSettled([
      app.answers.resolve(down.id, { answer: "不可以。" }),
      app.answers.resolve(down.id, { answer: "不可以收受。" }),
    ]);
    expect(first).toMatchObject({
      status: "fulfilled",
      value: { curated: { answer: "不可以。" } },
    });
    expect(second).toMatchObject({ status: "rejected", reason: { code: "NOT_FOUND" } });
    expect(await app.records.listCurated()).toHaveLength(before + 1);
    // A failed resolution does not stop the next one.
    const again = await app.answers.rate(asked.id, -1, undefined, "tg:10");
    await expect(app.answers.resolve(again.id, { answer: "不可以。" })).resolves.toBeDefined();
  });
});

describe("identity storage switched on", () => {
  it("keeps the asker when QINGFENG_STORE_IDENTITY=true", async () => {
    const dir = mkdtempSync(join(tmpdir(), "qingfeng-identity-"));
    const app = await openApp(
      loadConfig({ QINGFENG_DATA_DIR: dir, QINGFENG_STORE_IDENTITY: "true" }),
    );
    try {
      const answer = await app.answers.ask("什么是一案四改？", { asker: "tg:42" });
      expect(app.kb.db.prepare("SELECT asker FROM answers WHERE id = ?").get(answer.id)).toEqual({
        asker: "tg:42",
      });
    } finally {
      app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
