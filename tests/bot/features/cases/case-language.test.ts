import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CaseNotice } from "../../../../bot/features/cases/case-notice.js";
import type { ActionEvent, ChatRef, MessageEvent, UserRef } from "../../../../bot/kernel/events.js";
import type { OutMessage } from "../../../../bot/kernel/out-message.js";
import { hanOutside, withoutQuotes, wordsOf } from "../../../helpers/bot-words.js";
import { type CaseTestbed, openCaseTestbed, SAMPLE_CASE } from "../../../helpers/case-testbed.js";
import { chatMessage } from "../../../helpers/chat-message.js";
import { FakeClock } from "../../../helpers/fake-clock.js";
import { FakeSender } from "../../../helpers/fake-sender.js";
import { RecordingReply } from "../../../helpers/recording-reply.js";

const DAY = 86_400_000;
const admin = { id: "9", name: "Admin" };
const adminDm: ChatRef = { id: "9", type: "dm" };
const englishGroup: ChatRef = { id: "-601", type: "group", title: "ICU" };
const chineseGroup: ChatRef = { id: "-602", type: "group", title: "心内科" };
const reader = { id: "11", name: "Dr Lee" };

/** Everything of a notice an admin wrote (or retrieval linked): data, shown as written in any language. */
function noticeData(n: CaseNotice): string[] {
  return [
    n.title,
    n.facts,
    n.result,
    n.lesson,
    n.violations,
    n.institution,
    n.date,
    ...n.tags,
    ...n.clauses.flatMap((c) => [
      c.title,
      c.section,
      ...c.section.split(" > ").map((part) => part.slice(0, 30)),
    ]),
  ].filter((d): d is string => d !== undefined);
}

describe("case notices follow the chat's language (/language en)", () => {
  let clock: FakeClock;
  let bed: CaseTestbed;
  let telegram: FakeSender;

  beforeAll(async () => {
    clock = new FakeClock(Date.parse("2026-11-24T02:00:00Z"));
    bed = await openCaseTestbed(clock, {
      QINGFENG_CASE_REMINDER_DAYS: "1",
      QINGFENG_CASE_DIGEST: "weekly",
    });
    telegram = new FakeSender("telegram", clock.now);
    await bed.subscribe("telegram", [englishGroup.id, chineseGroup.id]);
    await bed.cases.roster.replace([
      { name: "李一", department: "ICU", ids: { telegram: "11" } },
      { name: "李二", department: "ICU", ids: { telegram: "12" } },
    ]);
  });
  afterAll(() => bed.cleanup());

  async function say(
    text: string,
    chat: ChatRef = adminDm,
    user: UserRef = admin,
  ): Promise<RecordingReply> {
    const event = chatMessage(text, chat, user);
    const reply = new RecordingReply();
    await bed.handle(event, reply);
    return reply;
  }

  async function press(data: string, chat: ChatRef, user: UserRef = reader) {
    const event: ActionEvent = { type: "action", platform: "telegram", chat, user, data };
    const reply = new RecordingReply();
    await bed.handle(event, reply);
    return reply;
  }

  const sentTo = (chatId: string): OutMessage[] =>
    telegram.sent.filter((s) => s.chatId === chatId).map((s) => s.message);

  it("answers an admin's /case in English: usage, the guided flow, the draft review and its buttons, list, status and report", async () => {
    expect((await say("/language en")).text()).toBe("Switched to English.");
    const usage = (await say("/case")).text();
    expect(usage).toContain("Case notice commands (admins)");
    expect(hanOutside(usage, [])).toEqual([]);

    const prompts = [
      await say("/case new"),
      await say("某医院医生收受红包问题"),
      await say("某医院外科医生在手术前收受患者家属红包5000元。"),
      await say("skip"),
    ].map((r) => r.text());
    expect(prompts).toEqual([
      "New case notice (step 1 of 4): send the title. Send “cancel” at any time to stop.",
      "Step 2 of 4: send the facts of the case.",
      "Step 3 of 4: send the outcome (disciplinary action); send “skip” if there is none.",
      "Step 4 of 4: send the lessons / warning; send “skip” if there are none.",
    ]);
    const review = (await say("skip")).sent[0];
    const draft = (await bed.cases.service.list(1))[0]!;
    expect(draft.clauses.length).toBeGreaterThan(0);
    const reviewWords = wordsOf(withoutQuotes(review));
    expect(reviewWords).toContain(`Draft #${draft.id} (unpublished)`);
    expect(reviewWords).toContain("Case notice: 某医院医生收受红包问题");
    expect(reviewWords).toContain("Suggested clauses (press a button to accept or drop):");
    expect(review?.buttons?.flat().map((b) => b.label)).toContain(
      "Publish to all subscribed chats",
    );
    expect(hanOutside(reviewWords, noticeData(draft))).toEqual([]);

    const list = (await say("/case list")).text();
    expect(list).toContain(`#${draft.id} [draft] 某医院医生收受红包问题`);
    expect((await say("/case show 999")).text()).toBe("There is no notice #999.");

    const published = (await say(`/case publish ${draft.id}`)).text();
    expect(published).toBe(
      `Notice #${draft.id} is published and will go to 2 chats. Send /case status ${draft.id} to follow progress.`,
    );
    expect((await say(`/case status ${draft.id}`)).text()).toBe(
      `Notice #${draft.id}: 2 chats — 0 sent, 2 pending, 0 failed; acknowledged by 0 people. State: active`,
    );
    const failed = (await say(`/case correct ${draft.id + 100} 更正`)).text();
    expect(failed).toMatch(/^Could not do that: .* \(CASE_NOT_FOUND\)$/);
    const report = (await say(`/case report ${draft.id}`)).text();
    expect(report).toContain("Delivered: 0/2 chats");
    expect(report).toContain("Acknowledged by: 0 people");
    expect(hanOutside(report, [...noticeData(draft), "李一", "李二"])).toEqual([]);
  });

  it("broadcasts each group its own language's frame and buttons; the notice text stays as written", async () => {
    await say("/language en", englishGroup);
    const draft = await bed.cases.service.draft(SAMPLE_CASE, { by: "test" });
    await bed.cases.service.publish(draft.id, { by: "test" });
    await bed.dispatcher({ telegram }).drain();
    const notice = (await bed.cases.service.get(draft.id))!;

    const english = sentTo(englishGroup.id).at(-1);
    expect(english?.sections[0]?.text).toBe(`Case notice: ${SAMPLE_CASE.title}`);
    expect(english?.buttons?.flat().map((b) => b.label)).toContain("Acknowledged");
    expect(wordsOf(english)).toContain(`Facts: ${SAMPLE_CASE.facts}`);
    expect(hanOutside(wordsOf(english), noticeData(notice))).toEqual([]);

    const chinese = sentTo(chineseGroup.id).at(-1);
    expect(chinese?.sections[0]?.text).toBe(`典型案例通报：${SAMPLE_CASE.title}`);
    expect(chinese?.buttons?.flat().map((b) => b.label)).toContain("已阅并知晓");
    expect(wordsOf(chinese)).toContain(`通报编号 ${draft.id}。请阅读后点击“已阅并知晓”。`);

    const acked = await press(`case:ack:${draft.id}`, englishGroup);
    expect(acked.acks).toEqual(["Recorded: you have read and acknowledged this notice."]);
    expect((await press(`case:ack:${draft.id}`, englishGroup)).acks).toEqual([
      "You have already acknowledged this notice.",
    ]);
    const zhReader = { id: "12", name: "李二" };
    expect((await press(`case:ack:${draft.id}`, chineseGroup, zhReader)).acks).toEqual([
      "已记录：您已阅读并知晓本通报。",
    ]);
    const clauses = await press(`case:clauses:${draft.id}`, englishGroup);
    const shown = withoutQuotes(clauses.privately[0]);
    expect(shown?.sections[0]?.text).toBe(`Relevant clauses · ${SAMPLE_CASE.title}`);
    expect(hanOutside(wordsOf(shown), noticeData(notice))).toEqual([]);
  });

  it("reminds and digests in each group's language", async () => {
    const draft = await bed.cases.service.draft(
      { ...SAMPLE_CASE, title: "某医院药师违规统方问题" },
      { by: "test" },
    );
    await bed.cases.service.publish(draft.id, { by: "test" });
    await bed.dispatcher({ telegram }).drain();
    clock.advance(DAY + 1);
    await bed.dispatcher({ telegram }).drain();
    const reminder = (chatId: string) =>
      sentTo(chatId).find((m) => /^(Reminder|提醒).*某医院药师违规统方问题/.test(wordsOf(m)));
    const english = reminder(englishGroup.id);
    expect(english?.sections[0]?.text).toBe(
      "Reminder: please read the case notice “某医院药师违规统方问题”",
    );
    expect(english?.sections[1]?.text).toBe(
      "Published 1 day ago; 2 colleagues in this chat have not acknowledged it yet. Please read it, then press “Acknowledged”.",
    );
    expect(english?.buttons?.flat().map((b) => b.label)).toEqual(["View notice", "Acknowledged"]);
    expect(hanOutside(wordsOf(english), noticeData(draft))).toEqual([]);
    const chinese = reminder(chineseGroup.id);
    expect(chinese?.sections[0]?.text).toBe("提醒：请阅读典型案例通报《某医院药师违规统方问题》");
    expect(chinese?.buttons?.flat().map((b) => b.label)).toEqual(["查看通报", "已阅并知晓"]);

    clock.t = Date.parse("2026-11-30T01:05:00Z"); // Monday 09:05 in +08:00
    await bed.dispatcher({ telegram }).drain();
    const digest = (chatId: string) =>
      sentTo(chatId).find((m) => /This week's case notices|本周典型案例通报汇总/.test(wordsOf(m)));
    const englishDigest = digest(englishGroup.id);
    expect(englishDigest?.sections[0]?.text).toBe("This week's case notices (2026-11-30)");
    expect(englishDigest?.buttons?.[0]?.[0]?.label).toMatch(/^View: /);
    const listed = (await bed.cases.service.list()).flatMap(noticeData);
    expect(hanOutside(wordsOf(englishDigest), listed)).toEqual([]);
    expect(digest(chineseGroup.id)?.sections[0]?.text).toBe("本周典型案例通报汇总（2026-11-30）");
  });

  it("keeps Chinese for an admin in a chat that never chose English", async () => {
    const slackAdmin = { id: "UADMIN", name: "Admin" };
    const event: MessageEvent = {
      type: "message",
      platform: "slack",
      chat: { id: "D1", type: "dm" },
      user: slackAdmin,
      text: "/case",
      addressed: true,
      command: { name: "case", args: "" },
    };
    const reply = new RecordingReply();
    await bed.handle(event, reply);
    expect(reply.text()).toContain("案例通报命令（管理员）：");
    expect(reply.text()).toContain("/case new — 分步新建（私聊）");
  });
});
