import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ActionEvent, ChatRef, MessageEvent } from "../../../../bot/kernel/events.js";
import type { OutMessage } from "../../../../bot/kernel/out-message.js";
import { allChunks } from "../../../../knowledge/ports/knowledge-store.js";
import { generateInto } from "../../../../knowledge/quiz/quiz-curator.js";
import { SqliteQuizBank } from "../../../../knowledge/store/sqlite-quiz-bank.js";
import { type CaseTestbed, openCaseTestbed } from "../../../helpers/case-testbed.js";
import { chatMessage } from "../../../helpers/chat-message.js";
import { FakeClock } from "../../../helpers/fake-clock.js";
import { RecordingReply } from "../../../helpers/recording-reply.js";

const DAY = 86_400_000;

function message(
  text: string,
  user = { id: "31", name: "小王" },
  chat: ChatRef = { id: "31", type: "dm" },
): MessageEvent {
  return chatMessage(text, chat, user);
}

const press = (
  data: string,
  user = { id: "31", name: "小王" },
  chat: ChatRef = { id: "31", type: "dm" },
): ActionEvent => ({
  type: "action",
  platform: "telegram",
  chat,
  user,
  data,
});

/** The answer buttons of a question message, by original option index. */
function buttons(m: OutMessage | undefined): { data: string; qid: number; option: number }[] {
  return (m?.buttons ?? [])
    .flat()
    .map((b) => /^qz:[at]:(\d+):(\d+)$/.exec(b.data))
    .filter((x): x is RegExpExecArray => x !== null)
    .map((x) => ({ data: x[0], qid: Number(x[1]), option: Number(x[2]) }));
}

describe("quiz practice in a DM (core, fake clock)", () => {
  let clock: FakeClock;
  let bed: CaseTestbed;
  let bank: SqliteQuizBank;
  beforeAll(async () => {
    clock = new FakeClock();
    bed = await openCaseTestbed(clock);
    bank = new SqliteQuizBank(bed.app.kb.db);
  });
  afterAll(() => bed.cleanup());

  async function say(text: string, user?: { id: string; name: string }): Promise<RecordingReply> {
    const r = new RecordingReply();
    await bed.handle(message(text, user, user ? { id: user.id, type: "dm" } : undefined), r);
    return r;
  }
  async function tap(data: string, user?: { id: string; name: string }): Promise<RecordingReply> {
    const r = new RecordingReply();
    await bed.handle(press(data, user, user ? { id: user.id, type: "dm" } : undefined), r);
    return r;
  }

  it("says so when nothing is approved, and asks only approved questions", async () => {
    expect((await say("/quiz")).text()).toContain("还没有");
    const { added } = await generateInto(bank, await allChunks(bed.app.kb.store), 40);
    await bank.setState(
      added
        .filter((q) => q.kind !== "multiple")
        .slice(0, 6)
        .map((q) => q.id),
      "approved",
    );
    const r = await say("/quiz");
    const [first] = buttons(r.sent[0]);
    expect((await bank.get(first?.qid ?? -1))?.state).toBe("approved");
  });

  it("answers right or wrong with the explanation and the clause's document; counts streaks and statistics", async () => {
    const q = buttons((await say("/quiz")).sent[0]);
    const question = await bank.get(q[0]?.qid ?? -1);
    if (!question) throw new Error("no question");
    const right = q.find((b) => question.answer.includes(b.option));
    const r = await tap(right?.data ?? "");
    expect(r.acks).toEqual(["✅"]);
    const text = r.text();
    expect(text).toContain("✅ 回答正确");
    expect(text).toContain(question.explanation);
    expect(text).toContain(`出处：《${question.source.title}》`);
    expect(await bank.get(question.id)).toMatchObject({ asked: 1, correct: 1 });
    expect((await say("/quiz me")).text()).toMatch(/已答 1 题，答对 1 题（100%）；当前连对 1/);
  });

  it("a wrong answer comes back the next day, not before, and leaves review after two right answers", async () => {
    const user = { id: "41", name: "小李" };
    const q = buttons((await say("/quiz", user)).sent[0]);
    const question = await bank.get(q[0]?.qid ?? -1);
    if (!question) throw new Error("no question");
    const wrong = q.find((b) => !question.answer.includes(b.option));
    const right = q.find((b) => question.answer.includes(b.option));
    const miss = await tap(wrong?.data ?? "", user);
    expect(miss.text()).toContain("❌ 回答错误");
    expect(miss.text()).toContain("再次出现");
    // Later the same day: other questions first.
    clock.advance(DAY / 2);
    expect(buttons((await say("/quiz", user)).sent[0])[0]?.qid).not.toBe(question.id);
    // The next day: the missed question is due and comes first.
    clock.advance(DAY / 2 + 1);
    expect(buttons((await say("/quiz", user)).sent[0])[0]?.qid).toBe(question.id);
    await tap(right?.data ?? "", user);
    expect((await bed.quiz.standing("telegram", "41")).reviews).toBe(1);
    clock.advance(DAY);
    expect(buttons((await say("/quiz", user)).sent[0])[0]?.qid).not.toBe(question.id); // box 2: three days
    clock.advance(2 * DAY + 1);
    expect(buttons((await say("/quiz", user)).sent[0])[0]?.qid).toBe(question.id);
    await tap(right?.data ?? "", user);
    expect((await bed.quiz.standing("telegram", "41")).reviews).toBe(0);
  });

  it("multiple choice: options are toggled, then submitted as one answer", async () => {
    const multi = (await bank.list()).find((q) => q.kind === "multiple");
    if (!multi) return;
    await bank.setState([multi.id], "approved");
    const user = { id: "51", name: "小赵" };
    for (const i of multi.answer) await tap(`qz:t:${multi.id}:${i}`, user);
    const extra = multi.options.findIndex((_, i) => !multi.answer.includes(i));
    await tap(`qz:t:${multi.id}:${extra}`, user);
    await tap(`qz:t:${multi.id}:${extra}`, user); // untick
    const r = await tap(`qz:s:${multi.id}`, user);
    expect(r.text()).toContain("✅ 回答正确");
    const empty = await tap(`qz:s:${multi.id}`, user);
    expect(empty.acks).toEqual(["请先选择选项。"]);
  });

  it("the weekly group leaderboard ranks correct answers and leaves out who opted out", async () => {
    const group = { id: "-900", type: "group" as const, title: "心内科" };
    const approved = (await bank.list({ state: "approved" })).filter((q) => q.answer.length === 1);
    const answer = async (user: { id: string; name: string }, right: boolean, q = approved[0]) => {
      if (!q) return;
      const option = right
        ? (q.answer[0] ?? 0)
        : q.options.findIndex((_, i) => !q.answer.includes(i));
      await bed.handle(press(`qz:a:${q.id}:${option}`, user, group), new RecordingReply());
    };
    await answer({ id: "61", name: "甲" }, true);
    await answer({ id: "61", name: "甲" }, true, approved[1]);
    await answer({ id: "62", name: "乙" }, true);
    await answer({ id: "63", name: "丙" }, false);
    const board = new RecordingReply();
    await bed.handle(message("/排行榜", { id: "61", name: "甲" }, group), board);
    expect(board.text()).toMatch(/1\. 甲 — 答对 2\/2\n2\. 乙 — 答对 1\/1\n3\. 丙 — 答对 0\/1/);
    await bed.handle(message("/quiz hide", { id: "61", name: "甲" }, group), new RecordingReply());
    const hidden = new RecordingReply();
    await bed.handle(message("/leaderboard", { id: "62", name: "乙" }, group), hidden);
    expect(hidden.text()).not.toContain("甲");
    expect(hidden.text()).toContain("1. 乙");
    clock.advance(8 * DAY);
    const nextWeek = new RecordingReply();
    await bed.handle(message("/leaderboard", { id: "62", name: "乙" }, group), nextWeek);
    expect(nextWeek.text()).toContain("本周还没有人");
  });
});

describe("reviewing drafts in chat", () => {
  it("an admin approves or retires drafts one by one; a member cannot", async () => {
    const clock = new FakeClock();
    const bed = await openCaseTestbed(clock);
    try {
      const bank = new SqliteQuizBank(bed.app.kb.db);
      const { added } = await generateInto(bank, await allChunks(bed.app.kb.store), 2);
      const [first, second] = added;
      const member = new RecordingReply();
      await bed.handle(message("/quiz review"), member);
      expect(member.text()).toContain("只有管理员");
      const forged = new RecordingReply();
      await bed.handle(press(`qz:ok:${first?.id}`), forged);
      expect(forged.acks).toEqual(["只有管理员可以审核题目。"]);
      expect((await bank.get(first?.id ?? -1))?.state).toBe("draft");

      const admin = { id: "9", name: "管理员" };
      const shown = new RecordingReply();
      await bed.handle(message("/quiz 审核", admin, { id: "9", type: "dm" }), shown);
      expect(shown.text()).toContain(`待审核 2 题 · #${first?.id}`);
      expect(
        shown.sent[0]?.sections.some((s) => s.kind === "quote" && s.text === first?.source.text),
      ).toBe(true);
      const approve = new RecordingReply();
      await bed.handle(press(`qz:ok:${first?.id}`, admin, { id: "9", type: "dm" }), approve);
      expect(approve.acks).toEqual(["已通过"]);
      expect(approve.text()).toContain(`#${second?.id}`);
      await bed.handle(
        press(`qz:no:${second?.id}`, admin, { id: "9", type: "dm" }),
        new RecordingReply(),
      );
      expect((await bank.get(first?.id ?? -1))?.state).toBe("approved");
      expect((await bank.get(second?.id ?? -1))?.state).toBe("retired");
    } finally {
      bed.cleanup();
    }
  });
});

describe("setting up the bank from chat", () => {
  it("an admin generates drafts and approves them all; a member is refused", async () => {
    const bed = await openCaseTestbed(new FakeClock());
    try {
      const member = new RecordingReply();
      await bed.handle(message("/quiz generate"), member);
      expect(member.text()).toContain("只有管理员");
      expect(await bed.quiz.drafts()).toHaveLength(0);
      const admin = { id: "9", name: "管理员" };
      const dm9 = { id: "9", type: "dm" as const };
      const generated = new RecordingReply();
      await bed.handle(message("/quiz 出题", admin, dm9), generated);
      const count = Number(/生成 (\d+) 道/.exec(generated.text())?.[1]);
      expect(count).toBeGreaterThanOrEqual(150);
      expect(await bed.quiz.drafts()).toHaveLength(count);
      const approved = new RecordingReply();
      await bed.handle(message("/quiz approve all", admin, dm9), approved);
      expect(approved.text()).toContain(`已通过 ${count} 道题`);
      expect(await bed.quiz.approved()).toHaveLength(count);
      const rerun = new RecordingReply();
      await bed.handle(message("/quiz generate", admin, dm9), rerun);
      expect(rerun.text()).toContain(`新生成 0 道草稿题；题库已有 ${count} 道`);
    } finally {
      bed.cleanup();
    }
  });
});
