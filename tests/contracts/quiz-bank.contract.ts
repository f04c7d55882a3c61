import { afterEach, expect, it } from "vitest";
import type { QuizBank } from "../../knowledge/ports/quiz-bank.js";
import type { QuizQuestion } from "../../knowledge/quiz/question-types.js";
import { FakeClock } from "../helpers/fake-clock.js";

export interface QuizBankFixture {
  bank: QuizBank;
  close(): void;
}

export type OpenQuizBank = (now: () => Date) => QuizBankFixture;

export const question = (stem: string, over: Partial<QuizQuestion> = {}): QuizQuestion => ({
  kind: "single",
  stem,
  options: ["可以", "不可以"],
  answer: [1],
  explanation: "第二条禁止。",
  source: { text: "不得收受回扣。", title: "九项准则", section: "第二条", year: undefined },
  tags: ["回扣"],
  origin: "test",
  ...over,
});

/** The question bank as every backend must keep it. */
export function quizBankContract(open: OpenQuizBank): void {
  let clock: FakeClock;
  let fixture: QuizBankFixture;
  let bank: QuizBank;
  const setup = () => {
    clock = new FakeClock();
    fixture = open(() => new Date(clock.now()));
    bank = fixture.bank;
  };
  afterEach(() => fixture.close());

  it("adds questions as drafts with increasing ids, stamped by the clock, as JSON keeps them", async () => {
    setup();
    const [a, b] = await bank.add([
      question("一"),
      question("二", { kind: "multiple", answer: [0, 1] }),
    ]);
    expect(a).toStrictEqual({
      ...question("一"),
      // A JSON column drops an undefined year.
      source: { text: "不得收受回扣。", title: "九项准则", section: "第二条" },
      // A question made without them is for no audience in particular and not admin-only.
      audiences: [],
      adminOnly: false,
      id: a?.id,
      state: "draft",
      asked: 0,
      correct: 0,
      createdAt: new Date(clock.now()).toISOString(),
    });
    expect(b?.id).toBe((a?.id ?? 0) + 1);
    expect(await bank.get(a?.id ?? 0)).toStrictEqual(a);
    expect(await bank.get((b?.id ?? 0) + 1)).toBeUndefined();
    const [approved] = await bank.add([question("三")], "approved");
    expect(approved?.state).toBe("approved");
    expect(await bank.add([])).toEqual([]);
  });

  it("keeps a question's kind of conduct, audiences and admin-only mark", async () => {
    setup();
    const [a, b] = await bank.add([
      question("一", { conduct: "kickback", audiences: ["临床", "药学"] }),
      question("二", { origin: "table-row", audiences: ["管理"], adminOnly: true }),
    ]);
    expect(await bank.get(a?.id ?? 0)).toMatchObject({
      conduct: "kickback",
      audiences: ["临床", "药学"],
      adminOnly: false,
    });
    const admin = await bank.get(b?.id ?? 0);
    expect(admin).toMatchObject({ audiences: ["管理"], adminOnly: true });
    expect(admin && "conduct" in admin).toBe(false);
  });

  it("keeps its own copy of a question's options, answer, source and tags", async () => {
    setup();
    const q = question("一");
    const [stored] = await bank.add([q]);
    q.options.push("caller");
    q.tags.push("caller");
    stored?.answer.push(0);
    if (stored) stored.source.text = "reader";
    expect(await bank.get(stored?.id ?? 0)).toMatchObject({
      options: ["可以", "不可以"],
      answer: [1],
      tags: ["回扣"],
      source: { text: "不得收受回扣。" },
    });
  });

  it("lists questions by id, by state and by any of the tags", async () => {
    setup();
    const [a, b, c] = await bank.add([
      question("一", { tags: ["回扣"] }),
      question("二", { tags: ["统方", "红包"] }),
      question("三", { tags: [] }),
    ]);
    await bank.setState([b?.id ?? 0], "approved");
    expect((await bank.list()).map((q) => q.stem)).toEqual(["一", "二", "三"]);
    expect((await bank.list({ state: "draft" })).map((q) => q.id)).toEqual([a?.id, c?.id]);
    expect((await bank.list({ tags: ["红包", "回扣"] })).map((q) => q.stem)).toEqual(["一", "二"]);
    expect((await bank.list({ state: "approved", tags: ["回扣"] })).map((q) => q.id)).toEqual([]);
    expect((await bank.list({ tags: [] })).length).toBe(3);
  });

  it("changes state and says which ids changed", async () => {
    setup();
    const [a, b] = await bank.add([question("一"), question("二")]);
    const ids = [a?.id ?? 0, b?.id ?? 0];
    await bank.setState([ids[0] ?? 0], "approved");
    expect(await bank.setState([...ids, 9_999, ids[1] ?? 0], "approved")).toEqual([ids[1]]);
    expect(await bank.setState(ids, "retired")).toEqual(ids);
    expect((await bank.list({ state: "retired" })).map((q) => q.id)).toEqual(ids);
  });

  it("counts answers towards a question's statistics", async () => {
    setup();
    const [a, b] = await bank.add([question("一"), question("二")]);
    await bank.recordAnswer(a?.id ?? 0, true);
    await bank.recordAnswer(a?.id ?? 0, false);
    await bank.recordAnswer(a?.id ?? 0, true);
    await bank.recordAnswer(9_999, true);
    expect(await bank.get(a?.id ?? 0)).toMatchObject({ asked: 3, correct: 2 });
    expect(await bank.get(b?.id ?? 0)).toMatchObject({ asked: 0, correct: 0 });
  });
}
