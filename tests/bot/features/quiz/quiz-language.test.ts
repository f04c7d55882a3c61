import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ActionEvent, ChatRef, UserRef } from "../../../../bot/kernel/events.js";
import type { OutMessage } from "../../../../bot/kernel/out-message.js";
import { allChunks } from "../../../../knowledge/ports/knowledge-store.js";
import type { StoredQuestion } from "../../../../knowledge/quiz/question-types.js";
import { generateInto } from "../../../../knowledge/quiz/quiz-curator.js";
import { SqliteQuizBank } from "../../../../knowledge/store/sqlite-quiz-bank.js";
import { hanOutside, withoutQuotes, wordsOf } from "../../../helpers/bot-words.js";
import {
  type CaseTestbed,
  ManualScheduler,
  openCaseTestbed,
} from "../../../helpers/case-testbed.js";
import { chatMessage } from "../../../helpers/chat-message.js";
import { FakeClock } from "../../../helpers/fake-clock.js";
import { FakeSender } from "../../../helpers/fake-sender.js";
import { RecordingReply } from "../../../helpers/recording-reply.js";

const learner = { id: "71", name: "Sam" };
const learnerDm: ChatRef = { id: "71", type: "dm" };
const admin = { id: "9", name: "Admin" };
const adminDm: ChatRef = { id: "9", type: "dm" };
const englishGroup: ChatRef = { id: "-801", type: "group", title: "ICU" };
const chineseGroup: ChatRef = { id: "-802", type: "group", title: "心内科" };

/** A question's own text (written in Chinese in the bank): data, shown as stored. */
const questionData = (q: StoredQuestion): string[] => [
  q.stem,
  q.explanation,
  q.source.title,
  q.source.section,
  ...q.options,
];

/** The answer buttons of a question message: data and original option index. */
const answerButtons = (m: OutMessage | undefined) =>
  (m?.buttons ?? [])
    .flat()
    .map((b) => /^qz:a:(\d+):(\d+)$/.exec(b.data))
    .filter((x): x is RegExpExecArray => x !== null)
    .map((x) => ({ data: x[0], qid: Number(x[1]), option: Number(x[2]) }));

/** Lets a fired timer's work (reveal, next question, result board) run; microtasks only, bounded. */
async function settle(done: () => boolean): Promise<void> {
  for (let i = 0; i < 1_000 && !done(); i++) await Promise.resolve();
}

describe("quizzes follow the chat's language (/language en)", () => {
  let bed: CaseTestbed;
  let bank: SqliteQuizBank;
  const scheduler = new ManualScheduler();
  const clock = new FakeClock();
  const telegram = new FakeSender("telegram", clock.now);

  beforeAll(async () => {
    bed = await openCaseTestbed(clock, {}, undefined, { senders: { telegram }, scheduler });
    bank = new SqliteQuizBank(bed.app.kb.db);
  });
  afterAll(() => bed.cleanup());

  async function say(text: string, chat: ChatRef, user: UserRef): Promise<RecordingReply> {
    const event = chatMessage(text, chat, user);
    const reply = new RecordingReply();
    await bed.handle(event, reply);
    return reply;
  }
  async function press(data: string, chat: ChatRef, user: UserRef): Promise<RecordingReply> {
    const event: ActionEvent = { type: "action", platform: "telegram", chat, user, data };
    const reply = new RecordingReply();
    await bed.handle(event, reply);
    return reply;
  }

  it("reviews drafts with an admin in English, and says so in English when nothing is approved", async () => {
    await say("/language en", learnerDm, learner);
    expect((await say("/quiz", learnerDm, learner)).text()).toBe(
      "There are no questions available yet; please contact an admin.",
    );
    await say("/language en", adminDm, admin);
    expect((await say("/quiz", adminDm, admin)).text()).toMatch(
      /^The question bank has no approved questions yet/,
    );
    const { added } = await generateInto(bank, await allChunks(bed.app.kb.store), 40);
    const shown = (await say("/quiz review", adminDm, admin)).sent[0];
    const first = added[0]!;
    expect(shown?.sections[0]?.text).toBe(
      `${added.length} to review · #${first.id} (${first.kind})`,
    );
    expect(shown?.buttons?.flat().map((b) => b.label)).toEqual(["Approve", "Retire"]);
    expect(hanOutside(wordsOf(withoutQuotes(shown)), questionData(first))).toEqual([]);
    expect((await press(`qz:ok:${first.id}`, adminDm, admin)).acks).toEqual(["Approved"]);
    expect((await say("/quiz approve", adminDm, admin)).text()).toBe(
      "Usage: /quiz approve all (approve every draft), or /quiz review to go one by one.",
    );
    // Button answers only: multiple-choice questions are ticked and submitted instead.
    const single = (q: StoredQuestion) => q.kind !== "multiple" && q.answer.length === 1;
    await bank.setState(
      added.filter(single).map((q) => q.id),
      "approved",
    );
    await bank.setState(
      added.filter((q) => !single(q)).map((q) => q.id),
      "retired",
    );
  });

  it("asks and answers practice questions in English: frame, buttons, outcome; the question text stays as stored", async () => {
    const asked = (await say("/quiz", learnerDm, learner)).sent[0];
    const [button] = answerButtons(asked);
    const question = (await bank.get(button?.qid ?? -1))!;
    expect(asked?.sections[0]?.text).toMatch(/^Practice · (Single choice|True or false|Scenario)$/);
    expect(hanOutside(wordsOf(asked), questionData(question))).toEqual([]);

    const right = answerButtons(asked).find((b) => question.answer.includes(b.option));
    const answered = await press(right?.data ?? "", learnerDm, learner);
    expect(answered.acks).toEqual(["✅"]);
    const outcome = answered.sent[0];
    expect(outcome?.sections[0]?.text).toBe("✅ Correct");
    expect(outcome?.sections[1]?.text).toMatch(/^Correct answer: [A-Z]\. /);
    expect(outcome?.sections[3]?.text).toContain(`Source: “${question.source.title}”`);
    expect(outcome?.buttons?.flat().map((b) => b.label)).toEqual(["Next question"]);
    expect(hanOutside(wordsOf(outcome), questionData(question))).toEqual([]);

    expect((await press("qz:a:999999:0", learnerDm, learner)).acks).toEqual([
      "This question is no longer available.",
    ]);
    expect((await say("/quiz me", learnerDm, learner)).text()).toBe(
      "Answered 1, correct 1 (100%); current streak 1, best 1; 0 due for review.",
    );
    expect((await say("/quiz hide", learnerDm, learner)).text()).toBe(
      "Done: your name will no longer appear on leaderboards.",
    );
  });

  it("runs a group round in the group's language, while a Chinese group's round stays Chinese", async () => {
    await say("/language en", englishGroup, admin);
    const player = { id: "73", name: "Alex" };
    expect((await say("/quiz 1", englishGroup, player)).sent).toEqual([]);
    expect((await say("/quiz 1", englishGroup, player)).text()).toBe(
      "A quiz round is already running in this chat.",
    );
    const posted = telegram.sent.at(-1)?.message;
    const [button] = answerButtons(posted);
    const question = (await bank.get(button?.qid ?? -1))!;
    expect(posted?.sections[0]?.text).toMatch(/^Question 1\/1 \(30 s\) · /);
    expect(hanOutside(wordsOf(posted), questionData(question))).toEqual([]);

    expect((await press(button?.data ?? "", englishGroup, player)).acks).toEqual([
      "Answer recorded; the right answer is revealed when the question closes.",
    ]);
    expect((await press(button?.data ?? "", englishGroup, player)).acks).toEqual([
      "You have already answered this question.",
    ]);
    scheduler.fire();
    await settle(() => /^Quiz over/.test(telegram.sent.at(-1)?.message.sections[0]?.text ?? ""));
    const [reveal, board] = telegram.sent.slice(-2).map((s) => s.message);
    expect(reveal?.sections[0]?.text).toMatch(/^Answer to question 1: [A-Z]\. /);
    expect(reveal?.sections[1]?.text).toMatch(/^1 answered, [01] correct\.$/);
    expect(hanOutside(wordsOf(reveal), questionData(question))).toEqual([]);
    expect(board?.sections[0]?.text).toBe("Quiz over (1 question)");
    expect(hanOutside(wordsOf(board), [])).toEqual([]);

    const leaderboard = await say("/leaderboard", englishGroup, player);
    expect(leaderboard.sent[0]?.sections[0]?.text).toBe("This week's leaderboard");
    expect(leaderboard.text()).toMatch(/1\. Alex — [01]\/1 correct/);
    expect(hanOutside(leaderboard.text(), [])).toEqual([]);

    const chinesePlayer = { id: "74", name: "小周" };
    await say("/quiz 1", chineseGroup, chinesePlayer);
    expect(telegram.sent.at(-1)?.message.sections[0]?.text).toMatch(/^第 1\/1 题（30 秒） · /);
    scheduler.fire();
    await settle(() => /^测验结束/.test(telegram.sent.at(-1)?.message.sections[0]?.text ?? ""));
    expect(telegram.sent.at(-1)?.message.sections[0]?.text).toBe("测验结束（共 1 题）");
    expect((await say("/leaderboard", chineseGroup, chinesePlayer)).text()).toContain(
      "本周还没有人在这里答题",
    );
  });
});
