import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCampaignSpec } from "../../../../bot/features/campaigns/campaign.js";
import type { ActionEvent, ChatRef } from "../../../../bot/kernel/events.js";
import { allChunks } from "../../../../knowledge/ports/knowledge-store.js";
import type { StoredQuestion } from "../../../../knowledge/quiz/question-types.js";
import { generateInto } from "../../../../knowledge/quiz/quiz-curator.js";
import { SqliteQuizBank } from "../../../../knowledge/store/sqlite-quiz-bank.js";
import { hanOutside, wordsOf } from "../../../helpers/bot-words.js";
import { type CaseTestbed, openCaseTestbed } from "../../../helpers/case-testbed.js";
import { chatMessage } from "../../../helpers/chat-message.js";
import { FakeClock } from "../../../helpers/fake-clock.js";
import { FakeSender } from "../../../helpers/fake-sender.js";
import { RecordingReply } from "../../../helpers/recording-reply.js";

const NAME = "2026 年度廉洁从业培训";
const dm = (userId: string): ChatRef => ({ id: userId, type: "dm" });
const group: ChatRef = { id: "-100700", type: "group", title: "ICU" };

describe("training campaigns follow the chat's language (/language en)", () => {
  const clock = new FakeClock(Date.parse("2026-12-01T01:00:00Z"));
  const telegram = new FakeSender("telegram", clock.now);
  let bed: CaseTestbed;
  let campaignId: number;
  let questions: StoredQuestion[];

  beforeAll(async () => {
    bed = await openCaseTestbed(clock);
    const bank = new SqliteQuizBank(bed.app.kb.db);
    const { added } = await generateInto(bank, await allChunks(bed.app.kb.store), 30);
    await bank.setState(
      added.filter((q) => q.answer.length === 1).map((q) => q.id),
      "approved",
    );
    await bed.cases.roster.replace([
      { name: "Alex", department: "ICU", ids: { telegram: "81" } },
      { name: "张一", department: "ICU", ids: { telegram: "82" } },
    ]);
    const campaign = await bed.campaigns.create(
      parseCampaignSpec(
        JSON.stringify({
          name: NAME,
          count: 3,
          audience: { departments: ["ICU"], groups: [`telegram:${group.id}`] },
          start: "2026-12-01T00:00:00Z",
          due: "2026-12-10T00:00:00Z",
          passMark: 0.6,
          attestation: true,
        }),
      ),
      "test",
    );
    campaignId = campaign.id;
    questions = (await Promise.all(campaign.questionIds.map((id) => bed.quiz.get(id)))).filter(
      (q): q is StoredQuestion => q !== undefined,
    );
  });
  afterAll(() => bed.cleanup());

  /** Campaign names and questions are data, shown as written. */
  const data = () => [
    NAME,
    ...questions.flatMap((q) => [
      q.stem,
      q.explanation,
      q.source.title,
      q.source.section,
      ...q.options,
    ]),
  ];

  async function say(userId: string, text: string, chat = dm(userId)): Promise<RecordingReply> {
    const event = chatMessage(text, chat, { id: userId, name: userId });
    const r = new RecordingReply();
    await bed.handle(event, r);
    return r;
  }
  async function tap(userId: string, data: string, chat = dm(userId)): Promise<RecordingReply> {
    const event: ActionEvent = {
      type: "action",
      platform: "telegram",
      chat,
      user: { id: userId, name: userId },
      data,
    };
    const r = new RecordingReply();
    await bed.handle(event, r);
    return r;
  }

  it("announces the start in each target's language: English to whoever chose it, Chinese elsewhere", async () => {
    await say("81", "/language en");
    await say("81", "/language en", group);
    await bed.dispatcher({ telegram }).drain();
    const to = (chatId: string) => telegram.sent.find((s) => s.chatId === chatId)?.message;
    for (const chatId of ["81", group.id]) {
      const english = to(chatId);
      expect(english?.sections[0]?.text).toBe("Integrity training");
      expect(english?.sections[1]?.text).toBe(
        `Training “${NAME}” has started: 3 questions, pass mark 60%, due 2026-12-10.`,
      );
      expect(english?.buttons?.flat().map((b) => b.label)).toEqual(["Start"]);
      expect(hanOutside(wordsOf(english), data())).toEqual([]);
    }
    const chinese = to("82");
    expect(chinese?.sections[0]?.text).toBe("廉洁从业培训");
    expect(chinese?.buttons?.flat().map((b) => b.label)).toEqual(["开始答题"]);
  });

  it("dates a deadline by the local day (QINGFENG_UTC_OFFSET, +08:00 by default), not the UTC one", () => {
    // Due at local midnight starting 12-01 is 11-30 in UTC.
    expect(bed.campaigns.localDay(Date.parse("2026-12-01T00:00+08:00"))).toBe("2026-12-01");
  });

  it("lists, asks, scores and takes the attestation in English; the campaign's own text stays as written", async () => {
    const list = (await say("81", "/campaign")).sent[0];
    expect(list?.sections[0]?.text).toBe("Open training");
    expect(list?.sections[1]?.text).toBe(`#${campaignId} ${NAME} (due 2026-12-10) — 0/3`);
    expect(list?.buttons?.flat().map((b) => b.label)).toEqual([`Start: ${NAME.slice(0, 20)}`]);
    expect(hanOutside(wordsOf(list), data())).toEqual([]);
    expect((await say("81", `/campaign ${campaignId}`, group)).text()).toBe(
      `Please DM me /campaign ${campaignId} to take it, so the result is recorded under your own name.`,
    );
    expect((await say("81", "/campaign 999")).text()).toBe(
      "There is no open training #999. Send /campaign to see what is open.",
    );

    let r = await say("81", `/campaign ${campaignId}`);
    for (let i = 0; i < 3; i++) {
      const asked = r.sent.at(-1);
      expect(asked?.sections[0]?.text).toMatch(
        new RegExp(`^Training “${NAME}” · question ${i + 1}/3 · `),
      );
      expect(hanOutside(wordsOf(asked), data())).toEqual([]);
      const qid = Number(/^qz:a:(\d+):/.exec(asked?.buttons?.[0]?.[0]?.data ?? "")?.[1]);
      const q = questions.find((x) => x.id === qid);
      r = await tap("81", `qz:a:${qid}:${q?.answer[0] ?? 0}`);
    }
    const prompt = r.sent.at(-1);
    expect(prompt?.sections[0]?.text).toBe("Congratulations, you passed with 3/3");
    expect(prompt?.buttons?.flat().map((b) => b.label)).toEqual([
      "I have nothing to report (zero report)",
      "I have something to report",
    ]);
    expect(hanOutside(r.text(), data())).toEqual([]);
    expect((await tap("81", `cp:att:${campaignId}:ok`)).text()).toBe(
      `Your zero-report confirmation is recorded. Training “${NAME}” is complete — thank you!`,
    );
    expect((await say("81", `/campaign ${campaignId}`)).text()).toBe(
      `You have completed training “${NAME}”.`,
    );
    expect((await say("81", "/campaign")).text()).toContain("— completed");
  });

  it("keeps Chinese for someone whose chat never chose English", async () => {
    const list = await say("82", "/campaign");
    expect(list.sent[0]?.sections[0]?.text).toBe("进行中的培训");
    expect(list.sent[0]?.buttons?.flat().map((b) => b.label)).toEqual([
      `开始：${NAME.slice(0, 20)}`,
    ]);
    const asked = (await say("82", `/campaign ${campaignId}`)).sent.at(-1);
    expect(asked?.sections[0]?.text).toMatch(new RegExp(`^培训《${NAME}》第 1/3 题 · `));
  });
});
