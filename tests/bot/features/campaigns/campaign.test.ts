import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../../bot/app/config.js";
import { main } from "../../../../bot/cli.js";
import { parseCampaignSpec } from "../../../../bot/features/campaigns/campaign.js";
import { campaignReportCsv } from "../../../../bot/features/campaigns/campaign-service.js";
import type { ActionEvent } from "../../../../bot/kernel/events.js";
import { allChunks } from "../../../../knowledge/ports/knowledge-store.js";
import { generateInto } from "../../../../knowledge/quiz/quiz-curator.js";
import { SqliteQuizBank } from "../../../../knowledge/store/sqlite-quiz-bank.js";
import { type CaseTestbed, openCaseTestbed } from "../../../helpers/case-testbed.js";
import { chatMessage } from "../../../helpers/chat-message.js";
import { FakeClock } from "../../../helpers/fake-clock.js";
import { FakeSender } from "../../../helpers/fake-sender.js";
import { RecordingReply } from "../../../helpers/recording-reply.js";

const DAY = 86_400_000;

describe("training campaigns (fake clock)", () => {
  let clock: FakeClock;
  let bed: CaseTestbed;
  let telegram: FakeSender;
  let slack: FakeSender;
  let campaignId: number;

  beforeAll(async () => {
    clock = new FakeClock(Date.parse("2026-12-01T01:00:00Z"));
    bed = await openCaseTestbed(clock);
    telegram = new FakeSender("telegram", clock.now);
    slack = new FakeSender("slack", clock.now);
    const bank = new SqliteQuizBank(bed.app.kb.db);
    const { added } = await generateInto(bank, await allChunks(bed.app.kb.store), 30);
    await bank.setState(
      added.filter((q) => q.answer.length === 1).map((q) => q.id),
      "approved",
    );
    await bed.cases.roster.replace([
      { name: "张一", department: "心内科", ids: { telegram: "11" } },
      { name: "张二", department: "心内科", ids: { telegram: "12" } },
      { name: "张三", department: "心内科", ids: { slack: "U0SLACK" } },
      { name: "李一", department: "外科", ids: { telegram: "21" } },
      { name: "王一", department: "药剂科", ids: { telegram: "31" } },
    ]);
    const c = await bed.campaigns.create(
      parseCampaignSpec(
        JSON.stringify({
          name: "2026 年度廉洁从业培训",
          count: 3,
          audience: { departments: ["心内科", "外科"], groups: ["telegram:-100500"] },
          start: "2026-12-01T00:00:00Z",
          due: "2026-12-10T00:00:00Z",
          passMark: 0.6,
          attestation: true,
        }),
      ),
      "test",
    );
    campaignId = c.id;
  });
  afterAll(() => bed.cleanup());

  const dm = (userId: string) => ({ id: userId, type: "dm" as const });
  async function say(userId: string, text: string): Promise<RecordingReply> {
    const event = chatMessage(text, dm(userId), { id: userId, name: userId });
    const r = new RecordingReply();
    await bed.handle(event, r);
    return r;
  }
  async function tap(userId: string, data: string): Promise<RecordingReply> {
    const event: ActionEvent = {
      type: "action",
      platform: "telegram",
      chat: dm(userId),
      user: { id: userId, name: userId },
      data,
    };
    const r = new RecordingReply();
    await bed.handle(event, r);
    return r;
  }
  /** Answers the campaign's questions, right or wrong, through the buttons the user sees. */
  async function take(userId: string, right: boolean): Promise<RecordingReply> {
    let r = await say(userId, `/campaign ${campaignId}`);
    for (let i = 0; i < 3; i++) {
      const msg = r.sent.at(-1);
      const buttons = (msg?.buttons ?? [])
        .flat()
        .map((b) => /^qz:a:(\d+):(\d+)$/.exec(b.data))
        .filter((m) => m !== null);
      const qid = Number(buttons[0]?.[1]);
      const q = await bed.quiz.get(qid);
      if (!q) throw new Error(`no campaign question in ${JSON.stringify(msg)}`);
      const option = right
        ? (q.answer[0] ?? 0)
        : q.options.findIndex((_, k) => !q.answer.includes(k));
      r = await tap(userId, `qz:a:${qid}:${option}`);
    }
    return r;
  }
  const remindedPeople = (since: number) =>
    [...telegram.sent, ...slack.sent]
      .filter((s) => s.at >= since && !s.chatId.startsWith("-"))
      .map((s) => s.chatId)
      .sort();

  it("announces at the start in the audience groups and by DM to everyone expected", async () => {
    await bed.dispatcher({ telegram, slack }).drain();
    expect(telegram.sent.filter((s) => s.chatId === "-100500")).toHaveLength(1);
    expect(remindedPeople(0)).toEqual(["11", "12", "21", "U0SLACK"]);
    expect(JSON.stringify(telegram.sent[0]?.message)).toContain(`cp:go:${campaignId}`);
  });

  it("a person passes, attests zero-report and is done; another fails and starts over", async () => {
    const passed = await take("11", true);
    expect(passed.text()).toContain("恭喜通过！答对 3/3");
    const attest = passed.sent
      .at(-1)
      ?.buttons?.flat()
      .map((b) => b.data);
    expect(attest).toEqual([`cp:att:${campaignId}:ok`, `cp:att:${campaignId}:report`]);
    expect((await tap("11", `cp:att:${campaignId}:ok`)).text()).toContain("零报告");
    expect((await say("11", `/campaign ${campaignId}`)).text()).toContain("已完成");

    const failed = await take("12", false);
    expect(failed.text()).toContain("未达到及格线 60%");
    expect((await say("12", `/campaign ${campaignId}`)).text()).toContain("重新作答");

    // Passed but not yet attested: not done.
    const reporter = await take("21", true);
    expect(reporter.text()).toContain("恭喜通过");
    expect(
      (await bed.campaigns.report(campaignId)).people.find((p) => p.name === "李一"),
    ).toMatchObject({
      done: false,
    });
  });

  it("reminds 3 days and 1 day before the due date and daily when overdue, only those not done", async () => {
    const at3 = Date.parse("2026-12-07T00:00:00Z");
    clock.t = at3;
    await bed.dispatcher({ telegram, slack }).drain();
    expect(remindedPeople(at3)).toEqual(["12", "21", "U0SLACK"]);
    await bed.dispatcher({ telegram, slack }).drain();
    expect(remindedPeople(at3)).toHaveLength(3); // once per reminder

    await tap("21", `cp:att:${campaignId}:report`);
    const at1 = Date.parse("2026-12-09T00:00:00Z");
    clock.t = at1;
    await bed.dispatcher({ telegram, slack }).drain();
    expect(remindedPeople(at1)).toEqual(["12", "U0SLACK"]);

    const overdue = Date.parse("2026-12-10T02:00:00Z");
    clock.t = overdue;
    await bed.dispatcher({ telegram, slack }).drain();
    expect(remindedPeople(overdue)).toEqual(["12", "U0SLACK"]);
    clock.t = overdue + DAY;
    await bed.dispatcher({ telegram, slack }).drain();
    expect(remindedPeople(overdue + DAY)).toEqual(["12", "U0SLACK"]);
    const overdueText = JSON.stringify(telegram.sent.at(-1)?.message);
    expect(overdueText).toContain("已于 2026-12-10 截止");
  });

  it("reports completion and pass rate per department against the roster, and coverage against 98%", async () => {
    const r = await bed.campaigns.report(campaignId);
    expect(r.expected).toBe(4); // 药剂科 is not in the audience
    expect(r.done).toBe(2);
    expect(r.coverage).toBe(0.5);
    expect(r.meetsTarget).toBe(false);
    expect(r.target).toBe(0.98);
    expect(r.departments).toEqual([
      {
        department: "外科",
        expected: 1,
        done: 1,
        attempted: 1,
        passed: 1,
        completion: 1,
        passRate: 1,
      },
      {
        department: "心内科",
        expected: 3,
        done: 1,
        attempted: 2,
        passed: 1,
        completion: 1 / 3,
        passRate: 0.5,
      },
    ]);
    expect(r.outstanding.map((m) => m.name).sort()).toEqual(["张三", "张二"]);
    const csv = campaignReportCsv(r)
      .replace(/^\uFEFF/, "")
      .split("\r\n");
    expect(csv[0]).toBe(
      "name,department,platform,user_id,answered,correct,passed_at,attestation,done",
    );
    expect(csv.find((l) => l.startsWith("李一"))).toMatch(/,report,yes$/);
    expect(csv.find((l) => l.startsWith("张三"))).toBe("张三,心内科,,U0SLACK,0,0,,,no");
  });
});

describe("qingfeng campaign (CLI)", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "qingfeng-campaign-cli-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const run = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, {
      config: loadConfig({ QINGFENG_DATA_DIR: join(dir, "data") }),
      io: { out: (t) => out.push(t), err: (t) => err.push(t), isTTY: false },
    });
    return { code, out: out.join("\n"), err: err.join("\n") };
  };

  it("generate → approve → create → report --csv; a bad campaign file is refused with its problems", async () => {
    const generated = JSON.parse((await run("quiz", "generate", "--count", "12", "--json")).out);
    expect(generated.questions).toHaveLength(12);
    for (const q of generated.questions)
      expect(Object.keys(q)).toEqual(
        expect.arrayContaining([
          "id",
          "kind",
          "stem",
          "options",
          "answer",
          "explanation",
          "source",
        ]),
      );
    expect((await run("quiz", "approve", "--all")).out).toBe("Approved 12 questions.");
    writeFileSync(
      join(dir, "staff.csv"),
      "name,department,telegram_id\n甲,心内科,1\n乙,心内科,2\n",
    );
    await run("roster", "import", join(dir, "staff.csv"));
    const bad = join(dir, "bad.json");
    writeFileSync(
      bad,
      JSON.stringify({ name: "x", start: "2026-12-05", due: "2026-12-01", passMark: 2 }),
    );
    const refused = await run("campaign", "create", bad);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/due must be after start[\s\S]*|passMark must be between 0 and 1/);
    const spec = join(dir, "campaign.json");
    writeFileSync(
      spec,
      JSON.stringify({
        name: "年度培训",
        count: 5,
        audience: {},
        start: "2026-12-01T00:00:00Z",
        due: "2026-12-31T00:00:00Z",
        passMark: 0.8,
      }),
    );
    const created = JSON.parse((await run("campaign", "create", spec, "--json")).out);
    expect(created).toMatchObject({ id: 1, name: "年度培训", expected: 2 });
    expect(created.questionIds).toHaveLength(5);
    const csv = await run("campaign", "report", "1", "--csv");
    expect(csv.out.replace(/^\uFEFF/, "").split("\r\n")).toEqual([
      "name,department,platform,user_id,answered,correct,passed_at,attestation,done",
      "乙,心内科,,2,0,0,,,no",
      "甲,心内科,,1,0,0,,,no",
    ]);
    expect((await run("campaign", "report", "1")).out).toContain(
      "覆盖率：0/2（0%），目标 98%：未达标",
    );
  });

  it("quiz generate says what it skipped: a rerun drafts nothing and says the bank has it", async () => {
    const all = JSON.parse((await run("quiz", "generate", "--json")).out);
    expect(all.skipped).toMatchObject({ alreadyInBank: 12, failedValidation: 0 });
    const again = JSON.parse((await run("quiz", "generate", "--json")).out);
    expect(again.questions).toEqual([]);
    expect(again.skipped.alreadyInBank).toBe(12 + all.questions.length);
    const text = (await run("quiz", "generate")).out;
    expect(text).toMatch(
      new RegExp(`^0 new \\(drafted\\); ${12 + all.questions.length} already in the bank`),
    );
  });
});
