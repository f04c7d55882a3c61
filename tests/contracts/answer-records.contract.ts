import { afterEach, expect, it } from "vitest";
import type { Answer, Citation, Verdict } from "../../knowledge/answer/answer-types.js";
import type { AnswerRecords } from "../../knowledge/ports/answer-records.js";
import { FakeClock } from "../helpers/fake-clock.js";

export interface AnswerRecordsFixture {
  records: AnswerRecords;
  close(): void;
}

export type OpenAnswerRecords = (now: () => Date) => AnswerRecordsFixture;

const DAY = 86_400_000;

const citation = (chunkId: number): Citation => ({
  n: 1,
  chunkId,
  docId: 1,
  title: "九项准则",
  section: "第二条",
  text: "不得收受回扣。",
  fullText: "不得收受回扣。",
  source: "jiuxiang.md",
  score: 1,
  alsoIn: [],
});

export const answer = (
  question: string,
  verdict: Verdict = "prohibited",
  chunkIds: number[] = [7, 3],
): Answer => ({
  question,
  verdict,
  answer: "不可以。",
  citations: chunkIds.map(citation),
  language: "zh",
  mode: "offline",
});

/** Answers, their feedback and curated answers as every backend must keep them. */
export function answerRecordsContract(open: OpenAnswerRecords): void {
  let clock: FakeClock;
  let fixture: AnswerRecordsFixture;
  let records: AnswerRecords;
  const setup = () => {
    clock = new FakeClock(Date.parse("2026-11-20T09:00:00Z"));
    fixture = open(() => new Date(clock.now()));
    records = fixture.records;
  };
  const at = () => new Date(clock.now()).toISOString();
  afterEach(() => fixture.close());

  it("records answers with increasing ids, the cited clauses and the clock's time", async () => {
    setup();
    const a = await records.record(answer("药代请我吃饭可以吗？"), {
      topic: "宴请",
      platform: "telegram",
      asker: "tg:42",
    });
    clock.advance(1000);
    const b = await records.record(answer("WiFi 密码？", "not_covered", []), {});
    expect(b).toBe(a + 1);
    expect(await records.getAnswer(a)).toStrictEqual({
      id: a,
      question: "药代请我吃饭可以吗？",
      verdict: "prohibited",
      mode: "offline",
      answer: "不可以。",
      chunkIds: [7, 3],
      topic: "宴请",
      askedAt: "2026-11-20T09:00:00.000Z",
    });
    expect(await records.getAnswer(b)).toStrictEqual({
      id: b,
      question: "WiFi 密码？",
      verdict: "not_covered",
      mode: "offline",
      answer: "不可以。",
      chunkIds: [],
      topic: undefined,
      askedAt: "2026-11-20T09:00:01.000Z",
    });
    expect(await records.getAnswer(b + 1)).toBeUndefined();
  });

  it("keeps its own copy of what it was given and what it hands out", async () => {
    setup();
    const given = answer("问");
    const id = await records.record(given, {});
    given.citations.push(citation(99));
    const read = await records.getAnswer(id);
    read?.chunkIds.push(99);
    expect((await records.getAnswer(id))?.chunkIds).toEqual([7, 3]);

    const chunkIds = [5];
    const curated = await records.addCurated({
      pattern: "p",
      verdict: "info",
      answer: "a",
      chunkIds,
    });
    chunkIds.push(99);
    curated.chunkIds.push(98);
    (await records.listCurated())[0]?.chunkIds.push(97);
    expect((await records.listCurated())[0]?.chunkIds).toEqual([5]);
  });

  it("rates an answer once per rater: a second rating replaces the first, keeping its reason", async () => {
    setup();
    const id = await records.record(answer("问"), {});
    const first = await records.rate(id, -1, "引用的条款不对", "rater-a");
    expect(first).toStrictEqual({
      id: first.id,
      answerId: id,
      rating: -1,
      reason: "引用的条款不对",
      createdAt: at(),
      resolvedAt: undefined,
      resolution: undefined,
      answer: await records.getAnswer(id),
    });
    clock.advance(60_000);
    const second = await records.rate(id, 1, undefined, "rater-a");
    expect(second).toMatchObject({ id: first.id, rating: 1, reason: "引用的条款不对" });
    expect(second.createdAt).toBe(at());
    const third = await records.rate(id, -1, "换个理由", "rater-a");
    expect(third).toMatchObject({ id: first.id, rating: -1, reason: "换个理由" });

    const other = await records.rate(id, 1, undefined, "rater-b");
    expect(other.id).toBe(first.id + 1);
    expect(other.reason).toBeUndefined();
    const s = await records.stats("2000-01-01T00:00:00Z");
    expect({ up: s.thumbsUp, down: s.thumbsDown }).toEqual({ up: 1, down: 1 });
  });

  it("counts every anonymous rating, and one of a rater's concurrent ratings", async () => {
    setup();
    const id = await records.record(answer("问"), {});
    const anonymous = [await records.rate(id, 1), await records.rate(id, 1)];
    expect(anonymous[1]?.id).toBe((anonymous[0]?.id ?? 0) + 1);
    // The same 👍 pressed twice at once: both ratings are in flight together.
    const twice = await Promise.all([
      records.rate(id, 1, undefined, "rater"),
      records.rate(id, 1, undefined, "rater"),
    ]);
    expect(twice[0].id).toBe(twice[1].id);
    expect((await records.stats("2000-01-01T00:00:00Z")).thumbsUp).toBe(3);
  });

  it("refuses to rate an answer it does not have", async () => {
    setup();
    await expect(records.rate(1, 1, undefined, "rater")).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect((await records.stats("2000-01-01T00:00:00Z")).thumbsUp).toBe(0);
  });

  it("queues 👎 not yet resolved, oldest first, with the answer they are about", async () => {
    setup();
    const a = await records.record(answer("一"), {});
    const b = await records.record(answer("二"), {});
    const downB = await records.rate(b, -1, "旧文件", "r1");
    await records.rate(a, 1, undefined, "r1");
    const downA = await records.rate(a, -1, undefined, "r2");
    const changedMind = await records.rate(a, -1, undefined, "r3");
    await records.rate(a, 1, undefined, "r3");
    const queue = await records.openReviews();
    expect(queue.map((f) => f.id)).toEqual([downB.id, downA.id]);
    expect(queue[0]).toStrictEqual(downB);
    expect(queue[1]?.answer.question).toBe("一");
    expect(queue.map((f) => f.id)).not.toContain(changedMind.id);
  });

  it("resolves a 👎 with the clock's time, taking it off the queue; nothing else resolves", async () => {
    setup();
    const id = await records.record(answer("问"), {});
    const down = await records.rate(id, -1, "理由", "r1");
    const up = await records.rate(id, 1, undefined, "r2");
    clock.advance(DAY);
    const resolved = await records.resolve(down.id, "curated #1");
    expect(resolved).toStrictEqual({
      ...down,
      resolvedAt: at(),
      resolution: "curated #1",
    });
    expect(await records.openReviews()).toEqual([]);
    await expect(records.resolve(up.id, "x")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(records.resolve(up.id + 1, "x")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("adds curated answers with increasing ids, lists the active ones by id, retires them", async () => {
    setup();
    const a = await records.addCurated({
      pattern: "药代请吃饭",
      verdict: "prohibited",
      answer: "不可以。",
      chunkIds: [1, 2],
      createdBy: "cli",
    });
    expect(a).toStrictEqual({
      pattern: "药代请吃饭",
      verdict: "prohibited",
      answer: "不可以。",
      chunkIds: [1, 2],
      createdBy: "cli",
      id: a.id,
      createdAt: at(),
    });
    clock.advance(1000);
    const b = await records.addCurated({
      pattern: "WiFi",
      verdict: "not_covered",
      answer: "请问信息科。",
      chunkIds: [],
    });
    const c = await records.addCurated({
      pattern: "c",
      verdict: "info",
      answer: "c",
      chunkIds: [],
    });
    expect(b.id).toBe(a.id + 1);
    expect(await records.listCurated()).toStrictEqual([
      a,
      { ...b, createdBy: undefined },
      { ...c, createdBy: undefined },
    ]);

    expect(await records.retireCurated(b.id)).toBe(true);
    expect(await records.retireCurated(c.id + 1)).toBe(false);
    expect((await records.listCurated()).map((x) => x.id)).toEqual([a.id, c.id]);
    const d = await records.addCurated({
      pattern: "d",
      verdict: "info",
      answer: "d",
      chunkIds: [],
    });
    expect(d.id).toBe(c.id + 1);
  });

  it("has empty statistics before any question", async () => {
    setup();
    expect(await records.stats("2026-11-01T00:00:00Z")).toStrictEqual({
      since: "2026-11-01T00:00:00Z",
      questions: 0,
      perDay: [],
      topTopics: [],
      unanswered: [],
      byVerdict: { prohibited: 0, conditional: 0, info: 0, not_covered: 0 },
      thumbsUp: 0,
      thumbsDown: 0,
      downRate: 0,
      openReviews: 0,
    });
  });

  it("aggregates the questions asked since a time: per day, topics, unanswered, ratings", async () => {
    setup();
    // Before the period: counted only in the open review queue.
    const old = await records.record(answer("旧问题", "not_covered", []), { topic: "宴请" });
    await records.rate(old, -1, undefined, "r1");
    clock.advance(2 * DAY); // 2026-11-22
    const ask = async (question: string, verdict: Verdict, topic?: string) =>
      records.record(answer(question, verdict), { topic });
    const dinner = await ask("药代请吃饭？", "prohibited", "宴请");
    await ask("红包？", "prohibited", "红包");
    await ask("WiFi？", "not_covered");
    clock.advance(DAY); // 2026-11-23
    await ask("回扣？", "prohibited", "回扣");
    await ask("宴请可以吗？", "prohibited", "宴请");
    await ask("停车？", "not_covered");
    clock.advance(1000);
    await ask("WiFi？", "not_covered");
    clock.advance(1000);
    await ask("停车？", "not_covered");
    clock.advance(1000);
    await ask("食堂？", "not_covered");
    // Rated by the answer's time, not the rating's.
    await records.rate(dinner, 1, undefined, "r1");
    await records.rate(dinner, -1, undefined, "r2");
    await records.rate(dinner, -1, undefined, "r3");

    expect(await records.stats("2026-11-22T00:00:00.000Z")).toStrictEqual({
      since: "2026-11-22T00:00:00.000Z",
      questions: 9,
      perDay: [
        { day: "2026-11-22", questions: 3 },
        { day: "2026-11-23", questions: 6 },
      ],
      // Most asked first, then by name.
      topTopics: [
        { topic: "宴请", questions: 2 },
        { topic: "回扣", questions: 1 },
        { topic: "红包", questions: 1 },
      ],
      // Most asked first, then the most recently asked (停车 last, though WiFi sorts first).
      unanswered: [
        { question: "停车？", times: 2 },
        { question: "WiFi？", times: 2 },
        { question: "食堂？", times: 1 },
      ],
      byVerdict: { prohibited: 4, conditional: 0, info: 0, not_covered: 5 },
      thumbsUp: 1,
      thumbsDown: 2,
      downRate: 0.667,
      openReviews: 3,
    });
    // The period starts at the given instant, inclusive.
    expect((await records.stats(at())).questions).toBe(1);
    expect((await records.stats(new Date(clock.now() + 1).toISOString())).questions).toBe(0);
  });

  it("searches the question log newest first by verdict, time and topic, within the limit", async () => {
    setup();
    const ids: number[] = [];
    const ask = async (question: string, verdict: Verdict, topic?: string) => {
      ids.push(await records.record(answer(question, verdict), { topic }));
      clock.advance(DAY);
    };
    await ask("一", "prohibited", "宴请"); // 2026-11-20
    await ask("二", "not_covered"); // 11-21
    await ask("三", "prohibited", "红包"); // 11-22
    await ask("四", "not_covered"); // 11-23
    await ask("五", "prohibited", "宴请"); // 11-24
    const questions = async (filter: Parameters<AnswerRecords["search"]>[0]) =>
      (await records.search(filter)).map((a) => a.question);
    expect(await questions({ limit: 10 })).toEqual(["五", "四", "三", "二", "一"]);
    expect(await questions({ limit: 2 })).toEqual(["五", "四"]);
    expect(await questions({ verdict: "not_covered", limit: 10 })).toEqual(["四", "二"]);
    expect(await questions({ topic: "宴请", limit: 10 })).toEqual(["五", "一"]);
    // From inclusive, to exclusive.
    expect(
      await questions({
        from: "2026-11-21T09:00:00.000Z",
        to: "2026-11-23T09:00:00.000Z",
        limit: 10,
      }),
    ).toEqual(["三", "二"]);
    const [first] = await records.search({
      verdict: "prohibited",
      from: "2026-11-24T00:00:00Z",
      limit: 1,
    });
    expect(first).toMatchObject({
      id: ids[4],
      question: "五",
      verdict: "prohibited",
      chunkIds: [7, 3],
    });
  });

  it("counts questions per local calendar day when given the offset east of UTC", async () => {
    setup();
    clock.advance(6.5 * 60 * 60_000); // 2026-11-20T15:30Z, 23:30 in Beijing
    await records.record(answer("晚上的问题"), {});
    clock.advance(60 * 60_000); // 00:30 on the 21st in Beijing, still the 20th in UTC
    await records.record(answer("半夜的问题"), {});
    const since = "2026-11-20T00:00:00.000Z";
    expect((await records.stats(since)).perDay).toStrictEqual([
      { day: "2026-11-20", questions: 2 },
    ]);
    expect((await records.stats(since, 8 * 60)).perDay).toStrictEqual([
      { day: "2026-11-20", questions: 1 },
      { day: "2026-11-21", questions: 1 },
    ]);
    expect((await records.stats(since, -10 * 60)).perDay).toStrictEqual([
      { day: "2026-11-20", questions: 2 },
    ]);
  });

  it("lists the ten most asked topics and the twenty most asked unanswered questions", async () => {
    setup();
    for (let i = 0; i < 12; i++) {
      for (let n = 0; n <= i; n++) {
        await records.record(answer(`问题${i}`, "not_covered", []), { topic: `主题${i}` });
      }
    }
    for (let i = 12; i < 25; i++) await records.record(answer(`问题${i}`, "not_covered", []), {});
    const s = await records.stats("2000-01-01T00:00:00Z");
    expect(s.topTopics.map((t) => t.topic)).toEqual(
      [11, 10, 9, 8, 7, 6, 5, 4, 3, 2].map((i) => `主题${i}`),
    );
    expect(s.unanswered).toHaveLength(20);
    expect(s.unanswered.slice(0, 3)).toEqual([
      { question: "问题11", times: 12 },
      { question: "问题10", times: 11 },
      { question: "问题9", times: 10 },
    ]);
  });
}
