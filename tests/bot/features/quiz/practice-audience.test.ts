import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatRef, UserRef } from "../../../../bot/kernel/events.js";
import type { OutMessage } from "../../../../bot/kernel/out-message.js";
import { allChunks } from "../../../../knowledge/ports/knowledge-store.js";
import { generateInto } from "../../../../knowledge/quiz/quiz-curator.js";
import { SqliteQuizBank } from "../../../../knowledge/store/sqlite-quiz-bank.js";
import { type CaseTestbed, openCaseTestbed } from "../../../helpers/case-testbed.js";
import { chatMessage } from "../../../helpers/chat-message.js";
import { FakeClock } from "../../../helpers/fake-clock.js";
import { RecordingReply } from "../../../helpers/recording-reply.js";

/** The question a practice message asks, by its answer buttons. */
const questionId = (m: OutMessage | undefined) =>
  Number(/^qz:[at]:(\d+):/.exec(m?.buttons?.flat()[0]?.data ?? "")?.[1] ?? Number.NaN);

describe("DM practice picks by the learner's roster department; staff never get task-table facts", () => {
  let bed: CaseTestbed;
  let bank: SqliteQuizBank;

  beforeAll(async () => {
    bed = await openCaseTestbed(new FakeClock());
    bank = new SqliteQuizBank(bed.app.kb.db);
    const { added } = await generateInto(bank, await allChunks(bed.app.kb.store), undefined, {
      conduct: bed.app.kb.index.conduct,
    });
    // Everything approved, administrators' facts too: picking must keep them out.
    await bank.setState(
      added.map((q) => q.id),
      "approved",
    );
    expect(added.some((q) => q.adminOnly)).toBe(true);
    await bed.cases.roster.replace([
      { name: "周护士", department: "外科护理单元", ids: { telegram: "81" } },
      { name: "钱采购", department: "设备采购科", ids: { telegram: "82" } },
    ]);
  });
  afterAll(() => bed.cleanup());

  /** Asks `n` practice questions in a row, answering each right so the next is unseen. */
  async function practise(user: UserRef, n: number) {
    const dm: ChatRef = { id: user.id, type: "dm" };
    const asked = [];
    for (let i = 0; i < n; i++) {
      const reply = new RecordingReply();
      await bed.handle(chatMessage("/quiz", dm, user), reply);
      const q = await bank.get(questionId(reply.sent[0]));
      if (!q) throw new Error("no question asked");
      asked.push(q);
      await bed.quiz.answer({
        platform: "telegram",
        userId: user.id,
        chatId: dm.id,
        questionId: q.id,
        choice: q.answer,
        context: "practice",
      });
    }
    return asked;
  }

  it("asks a nurse questions tagged for nurses, and purchasing staff theirs", async () => {
    const nurse = await practise({ id: "81", name: "周护士" }, 15);
    for (const q of nurse) {
      expect(q.audiences, q.stem).toContain("护理");
      expect(q.adminOnly).toBe(false);
    }
    expect(new Set(nurse.map((q) => q.id)).size).toBe(15);
    const buyer = await practise({ id: "82", name: "钱采购" }, 10);
    for (const q of buyer) expect(q.audiences, q.stem).toContain("采购与设备");
  });

  it("asks someone off the roster any staff question, never a task-table fact", async () => {
    const asked = await practise({ id: "83", name: "路人" }, 20);
    for (const q of asked) expect(q.adminOnly, q.stem).toBe(false);
    for (let seed = 0; seed < 20; seed++)
      for (const q of await bed.quiz.pickForGroup(10, seed)) expect(q.adminOnly).toBe(false);
  });

  it("says there is nothing to practise when only task-table facts are approved", async () => {
    const staff = (await bank.list({ state: "approved" })).filter((q) => !q.adminOnly);
    await bank.setState(
      staff.map((q) => q.id),
      "retired",
    );
    const reply = new RecordingReply();
    await bed.handle(
      chatMessage("/quiz", { id: "84", type: "dm" }, { id: "84", name: "新人" }),
      reply,
    );
    expect(reply.text()).toContain("还没有");
    expect((await bed.quiz.approved()).every((q) => q.adminOnly)).toBe(true);
  });
});
