import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QUIZ } from "../../../../bot/features/quiz/ports.js";
import { allChunks } from "../../../../knowledge/ports/knowledge-store.js";
import { generateInto } from "../../../../knowledge/quiz/quiz-curator.js";
import { SqliteQuizBank } from "../../../../knowledge/store/sqlite-quiz-bank.js";
import { ManualScheduler } from "../../../helpers/case-testbed.js";
import { cardButtons, cardTexts, type FakeChatRef } from "../../../helpers/fake-feishu/index.js";
import { type FeishuHarness, openFeishuHarness } from "./feishu-harness.js";

const HOST = { openId: "ou_host0000000000000000000000000001" };
const AMY = { openId: "ou_amy00000000000000000000000000002" };
const BEN = { openId: "ou_ben00000000000000000000000000003" };
const group: FakeChatRef = { id: "oc_quiz_ward", type: "group" };

describe("a group quiz round on Feishu: question cards, button answers as toasts, timer, board", () => {
  const timers = new ManualScheduler();
  let h: FeishuHarness;

  beforeAll(async () => {
    h = await openFeishuHarness({ quizTimers: timers, onDisk: true });
    const bank = new SqliteQuizBank(h.app.kb.db);
    const { added } = await generateInto(bank, await allChunks(h.app.kb.store), 60);
    const singles = added.filter((q) => q.answer.length === 1).slice(0, 4);
    await bank.setState(
      singles.map((q) => q.id),
      "approved",
    );
    await h.adapter.start();
  });
  afterAll(async () => {
    await h?.close();
  });

  it("posts each question with buttons, takes one answer per person, reveals and ranks", async () => {
    const rounds = h.bot.services.get(QUIZ);
    await h.talk(group, HOST, "quiz 2");
    for (let n = 1; n <= 2; n++) {
      const posted = await h.fake.api.waitForMessage(
        (m) => m.chat_id === group.id && cardTexts(m.card).some((t) => t.includes(`第 ${n}/2 题`)),
      );
      const q = await rounds.service.get(rounds.rounds.currentQuestion("feishu", group.id) ?? -1);
      const buttons = cardButtons(posted.card);
      const right = buttons.find((b) => b.data === `qz:a:${q?.id}:${q?.answer[0]}`);
      const wrong = buttons.find((b) => b.data.startsWith(`qz:a:${q?.id}:`) && b !== right);
      expect(right && wrong).toBeTruthy();
      const first = await h.tap(group.id, AMY, right?.data ?? "", { messageId: posted.message_id });
      await h.tap(group.id, BEN, wrong?.data ?? "", { messageId: posted.message_id });
      const again = await h.tap(group.id, AMY, wrong?.data ?? "", { messageId: posted.message_id });
      expect(first.ack.result).toMatchObject({ toast: { type: "info" } });
      expect(again.ack.result).toMatchObject({ toast: { type: "info" } });
      expect(again.ack.result).not.toEqual(first.ack.result);
      expect(timers.pending()).toBe(1);
      // The question was open for its 30 s.
      h.clock.advance(30_000);
      timers.fire();
      await h.fake.api.waitForMessage((m) =>
        cardTexts(m.card).some((t) => t.includes(`第 ${n} 题答案`)),
      );
    }
    const board = await h.fake.api.waitForMessage((m) =>
      cardTexts(m.card).some((t) => t.includes("测验结束")),
    );
    expect(cardTexts(board.card).join("\n")).toMatch(
      new RegExp(`1\\. ${AMY.openId} — 答对 2 题[\\s\\S]*2\\. ${BEN.openId} — 答对 0 题`),
    );
    expect(await rounds.service.standing("feishu", AMY.openId)).toMatchObject({
      answered: 2,
      correct: 2,
    });
    // Every round message is a new message: none was taken for a repeat of another.
    const inGroup = h.fake.api.messages.filter((m) => m.chat_id === group.id);
    expect(new Set(inGroup.map((m) => m.uuid)).size).toBe(inGroup.length);
  });
});
