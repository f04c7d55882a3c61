import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { parseCampaignSpec } from "../../../../bot/features/campaigns/campaign.js";
import { unescapeMarkdown } from "../../../../bot/platforms/dingtalk/markdown-text.js";
import { allChunks } from "../../../../knowledge/ports/knowledge-store.js";
import { generateInto } from "../../../../knowledge/quiz/quiz-curator.js";
import { SqliteQuizBank } from "../../../../knowledge/store/sqlite-quiz-bank.js";
import {
  type CaseTestbed,
  ManualScheduler,
  openCaseTestbed,
} from "../../../helpers/case-testbed.js";
import { FakeClock } from "../../../helpers/fake-clock.js";
import {
  type DingTalkPost,
  type FakeDingTalk,
  startFakeDingTalk,
} from "../../../helpers/fake-dingtalk/fake-dingtalk.js";
import { type Harness, makeSender, postsTo, startHarness } from "./dingtalk-harness.js";

const ADMIN = { staffId: "admin09", nick: "王主任", isAdmin: true };
const NURSE = { staffId: "nurse02", nick: "李护士" };
const DOCTOR = { staffId: "doctor03", nick: "张医生" };
const WARD = "cidCardiologyWard==";

const NOTICE = `# 某医院医生收受回扣问题

## 基本案情
2022年至2023年，某医院心内科医生李某利用处方权，收受医药代表给予的药品回扣共计8万元。

## 处理结果
李某受到党内严重警告处分，违纪所得予以收缴。

## 案例剖析
广大医务人员要以案为鉴，坚守廉洁底线。`;

/**
 * Every feature through DingTalk: the real SDK and adapter against the
 * emulator, the bot's own features, senders and dispatcher on a fake clock.
 */
describe("the features on DingTalk: subscribe, case notice and report, DM quiz, group round, campaign", () => {
  let clock: FakeClock;
  let api: FakeDingTalk;
  let bed: CaseTestbed;
  let h: Harness;
  const scheduler = new ManualScheduler();

  beforeAll(async () => {
    clock = new FakeClock();
    api = await startFakeDingTalk({ now: clock.now });
    const sender = makeSender(api);
    bed = await openCaseTestbed(
      clock,
      {},
      { dingtalk: [ADMIN.staffId] },
      {
        senders: { dingtalk: sender },
        scheduler,
      },
    );
    const bank = new SqliteQuizBank(bed.app.kb.db);
    const { added } = await generateInto(bank, await allChunks(bed.app.kb.store), 40);
    await bank.setState(
      added.filter((q) => q.answer.length === 1).map((q) => q.id),
      "approved",
    );
    await bed.cases.roster.replace([
      { name: "李护士", department: "心内科", ids: { dingtalk: NURSE.staffId } },
      { name: "张医生", department: "心内科", ids: { dingtalk: DOCTOR.staffId } },
    ]);
    h = await startHarness(api, bed.handle, { isCommand: bed.bot.isCommand });
  });
  afterAll(async () => {
    await h?.stop();
    await api?.close();
    bed?.cleanup();
  });

  const read = (p: DingTalkPost) => unescapeMarkdown(p.text);
  const newPost = (chatId: string, since: number, match: (p: DingTalkPost) => boolean) =>
    api.waitForPost((p) => p.chatId === chatId && api.posts.indexOf(p) >= since && match(p));

  it("a group admin subscribes the group; an admin publishes a notice by button; the group acknowledges; the report counts it", async () => {
    let mark = api.posts.length;
    await api.say({ chat: WARD, user: ADMIN, text: "/subscribe 心内科" });
    expect(read(await newPost(WARD, mark, () => true))).toContain("本群已订阅");

    mark = api.posts.length;
    await api.say({ chat: "dm", user: ADMIN, text: `/case add ${NOTICE}` });
    const review = await newPost(ADMIN.staffId, mark, (p) =>
      p.buttons.some((b) => String(b.params.data).startsWith("case:pub:")),
    );
    const publish = review.buttons.find((b) => String(b.params.data).startsWith("case:pub:"));
    const id = Number(String(publish?.params.data).split(":")[2]);
    mark = api.posts.length;
    await api.press(review, publish?.text ?? "", ADMIN.staffId);
    expect(read(await newPost(ADMIN.staffId, mark, (p) => p.text === "已发布。"))).toBe("已发布。");

    await bed.dispatcher({ dingtalk: makeSender(api) }).drain();
    const notice = postsTo(api, WARD).find(
      (p) => p.kind === "card" && p.buttons.some((b) => b.text === "已阅并知晓"),
    );
    expect(notice).toBeDefined();
    expect(postsTo(api, WARD).map(read).join("\n")).toContain(
      "典型案例通报：某医院医生收受回扣问题",
    );
    await api.press(notice!, "已阅并知晓", NURSE.staffId);
    await h.spy.waitForEvents((e) => e.user.id === NURSE.staffId);
    await h.spy.settled();
    const report = await bed.cases.service.report(id);
    expect(report.byDepartment).toEqual([
      { department: "心内科", expected: 2, acknowledged: 1, rate: 0.5 },
    ]);
    expect(report.outstanding.map((m) => m.name)).toEqual(["张医生"]);
  });

  it("practises a quiz question in a DM with option buttons on a card", async () => {
    const mark = api.posts.length;
    await api.say({ chat: "dm", user: DOCTOR, text: "/quiz" });
    const question = await newPost(DOCTOR.staffId, mark, (p) =>
      p.buttons.some((b) => /^qz:a:\d+:\d+$/.test(String(b.params.data))),
    );
    const data = String(question.buttons[0]?.params.data);
    const qid = Number(data.split(":")[2]);
    const q = await bed.quiz.get(qid);
    const right = question.buttons.find((b) => b.params.data === `qz:a:${qid}:${q?.answer[0]}`);
    expect(right).toBeDefined();
    const before = api.posts.length;
    await api.press(question, right?.text ?? "", DOCTOR.staffId);
    const result = await newPost(DOCTOR.staffId, before, (p) => read(p).includes("回答正确"));
    expect(read(result)).toContain("✅ 回答正确");
    expect(await bed.quiz.standing("dingtalk", DOCTOR.staffId)).toMatchObject({
      answered: 1,
      correct: 1,
    });
  });

  it("runs a group round: the question as a card, one answer per person, the reveal and the board", async () => {
    const mark = api.posts.length;
    await api.say({ chat: WARD, user: NURSE, text: "/quiz 1" });
    const question = await newPost(WARD, mark, (p) =>
      p.buttons.some((b) => String(b.params.data).startsWith("qz:a:")),
    );
    const qid = bed.groupQuizzes.currentQuestion("dingtalk", WARD);
    const q = await bed.quiz.get(qid ?? -1);
    const right = question.buttons.find((b) => b.params.data === `qz:a:${q?.id}:${q?.answer[0]}`);
    const wrong = question.buttons.find((b) => b !== right);
    await api.press(question, right?.text ?? "", NURSE.staffId);
    await api.press(question, wrong?.text ?? "", DOCTOR.staffId);
    await api.press(question, wrong?.text ?? "", NURSE.staffId);
    await vi.waitFor(async () =>
      expect((await bed.quiz.standing("dingtalk", DOCTOR.staffId)).answered).toBe(2),
    );
    scheduler.fire();
    const board = await newPost(WARD, mark, (p) => read(p).includes("测验结束"));
    expect(read(board)).toMatch(/1\. nurse02 — 答对 1 题[\s\S]*2\. doctor03 — 答对 0 题/);
    expect(postsTo(api, WARD).map(read).join("\n")).toContain("第 1 题答案");
  });

  it("announces a campaign in its audience group and by DM to the roster members expected", async () => {
    const mark = api.posts.length;
    const campaign = await bed.campaigns.create(
      parseCampaignSpec(
        JSON.stringify({
          name: "2026 年度廉洁从业培训",
          count: 2,
          audience: { departments: ["心内科"], groups: [`dingtalk:${WARD}`] },
          start: new Date(clock.now()).toISOString(),
          due: new Date(clock.now() + 10 * 86_400_000).toISOString(),
          passMark: 0.5,
        }),
      ),
      "test",
    );
    await bed.dispatcher({ dingtalk: makeSender(api) }).drain();
    const go = `cp:go:${campaign.id}`;
    const reached = api.posts
      .slice(mark)
      .filter((p) => p.kind === "card" && p.buttons.some((b) => b.params.data === go))
      .map((p) => p.chatId)
      .sort();
    expect(reached).toEqual([WARD, NURSE.staffId, DOCTOR.staffId].sort());
  });
});
