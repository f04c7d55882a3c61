import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { reportCsv } from "../../../../bot/features/cases/case-report.js";
import { type CaseTestbed, openCaseTestbed, SAMPLE_CASE } from "../../../helpers/case-testbed.js";
import { FakeClock } from "../../../helpers/fake-clock.js";
import { FakeSender } from "../../../helpers/fake-sender.js";

const DAY = 86_400_000;

describe("case notices: acknowledgements, reminders, digest, reports, corrections", () => {
  let clock: FakeClock;
  let bed: CaseTestbed;
  let telegram: FakeSender;

  beforeEach(async () => {
    clock = new FakeClock(Date.parse("2026-11-24T02:00:00Z"));
    bed = await openCaseTestbed(
      clock,
      { QINGFENG_CASE_REMINDER_DAYS: "1,3", QINGFENG_CASE_DIGEST: "weekly" },
      undefined,
      { storage: "memory" },
    );
    telegram = new FakeSender("telegram", clock.now);
    await bed.subscribe("telegram", ["-1001"], ["心内科"]);
    await bed.subscribe("telegram", ["-1002"], ["外科"]);
    await bed.cases.roster.replace([
      { name: "张三", department: "心内科", ids: { telegram: "11" } },
      { name: "李四", department: "心内科", ids: { telegram: "12" } },
      { name: "王五", department: "外科", ids: { telegram: "21" } },
    ]);
  });
  afterEach(() => bed.cleanup());

  async function publishAndSend(): Promise<number> {
    const draft = await bed.cases.service.draft(SAMPLE_CASE, { by: "test" });
    await bed.cases.service.publish(draft.id, { by: "test" });
    await bed.dispatcher({ telegram }).drain();
    return draft.id;
  }

  const ack = async (id: number, userId: string, chatId: string) =>
    await bed.cases.service.acknowledge(id, { platform: "telegram", userId, chatId });

  it("counts an acknowledgement once however often it is pressed", async () => {
    const id = await publishAndSend();
    expect(await ack(id, "11", "-1001")).toBe(true);
    expect(await ack(id, "11", "-1001")).toBe(false);
    expect(await ack(id, "11", "-1002")).toBe(false);
    expect((await bed.cases.service.status(id)).acknowledged).toBe(1);
  });

  it("reminds only groups with unacknowledged roster members, on day 1 and 3, and stops when all have read", async () => {
    const id = await publishAndSend();
    await ack(id, "21", "-1002"); // 外科 is complete; 心内科 has two outstanding.
    await ack(id, "11", "-1001");
    clock.advance(DAY / 2);
    expect(await bed.cases.service.plan()).toHaveLength(0);
    clock.advance(DAY / 2 + 1);
    await bed.dispatcher({ telegram }).drain();
    const reminders = telegram.sent.filter((s) => s.message.sections[0]?.text.startsWith("提醒"));
    expect(reminders.map((r) => r.chatId)).toEqual(["-1001"]);
    expect(JSON.stringify(reminders[0]?.message)).toContain("1 位同事未确认");
    // Planning again the same day queues nothing more.
    expect(await bed.cases.service.plan()).toHaveLength(0);

    await ack(id, "12", "-1001");
    clock.advance(2 * DAY);
    await bed.dispatcher({ telegram }).drain();
    expect(
      telegram.sent.filter((s) => s.message.sections[0]?.text.startsWith("提醒")),
    ).toHaveLength(1);
  });

  it("sends a weekly digest of last week's notices on Monday morning, once", async () => {
    await publishAndSend(); // Tuesday 2026-11-24
    const sentBefore = telegram.sent.length;
    clock.t = Date.parse("2026-11-30T00:30:00Z"); // Monday 08:30 in +08:00: not yet.
    await bed.cases.service.plan();
    expect(await bed.cases.outbox.hasPeriod("digest:2026-11-30")).toBe(false);
    clock.t = Date.parse("2026-11-30T01:05:00Z"); // 09:05 local
    await bed.dispatcher({ telegram }).drain();
    const digests = telegram.sent
      .slice(sentBefore)
      .filter((s) => s.message.sections[0]?.text.includes("汇总"));
    expect(digests.map((d) => d.chatId).sort()).toEqual(["-1001", "-1002"]);
    expect(JSON.stringify(digests[0]?.message)).toContain(SAMPLE_CASE.title);
    await bed.cases.service.plan();
    await bed.dispatcher({ telegram }).drain();
    expect(
      telegram.sent.slice(sentBefore).filter((s) => s.message.sections[0]?.text.includes("汇总")),
    ).toHaveLength(2);
  });

  it("reports delivery and acknowledgements by department against the roster, with a CSV", async () => {
    await bed.subscribe("telegram", ["-1003"]);
    telegram.failNext("-1003", { kind: "permanent" });
    const id = await publishAndSend();
    await ack(id, "11", "-1001");
    await bed.cases.service.acknowledge(id, {
      platform: "telegram",
      userId: "99",
      userName: "访客",
      chatId: "-1001",
    });
    const r = await bed.cases.service.report(id);
    expect(r.delivery).toMatchObject({ targets: 3, reached: 2, pending: 0 });
    expect(r.delivery.failed).toEqual([
      expect.objectContaining({ chatId: "-1003", title: "群 -1003" }),
    ]);
    expect(r.byDepartment).toEqual([
      { department: "外科", expected: 1, acknowledged: 0, rate: 0 },
      { department: "心内科", expected: 2, acknowledged: 1, rate: 0.5 },
    ]);
    expect(r.outstanding.map((m) => m.name)).toEqual(["王五", "李四"]);
    expect(r.outsideRoster.map((a) => a.userId)).toEqual(["99"]);
    const csv = reportCsv(r)
      .replace(/^\uFEFF/, "")
      .split("\r\n");
    expect(csv[0]).toBe("name,department,platform,user_id,acknowledged,acknowledged_at");
    expect(csv).toContain(`张三,心内科,telegram,11,yes,${new Date(clock.now()).toISOString()}`);
    expect(csv).toContain("李四,心内科,,12,no,");
    expect(csv.some((l) => l.startsWith("访客,(不在名册)"))).toBe(true);
  });

  it("targets by tag, and counts only the targeted departments as expected readers", async () => {
    const draft = await bed.cases.service.draft(SAMPLE_CASE, { by: "test" });
    await bed.cases.service.publish(draft.id, { by: "test", tags: ["外科"] });
    await bed.dispatcher({ telegram }).drain();
    expect(telegram.sent.map((s) => s.chatId)).toEqual(["-1002"]);
    expect(
      (await bed.cases.service.report(draft.id)).byDepartment.map((d) => d.department),
    ).toEqual(["外科"]);
  });

  it("corrects a published notice with a new version marked 更正 that names the original", async () => {
    const id = await publishAndSend();
    const draftFirst = await bed.cases.service.draft(SAMPLE_CASE, { by: "test" });
    await expect(
      bed.cases.service.draft(SAMPLE_CASE, { by: "test", correctsId: draftFirst.id }),
    ).rejects.toThrow(/draft/);
    const correction = await bed.cases.service.draft(
      { ...SAMPLE_CASE, result: "李某受到党内警告处分。" },
      { by: "test", correctsId: id },
    );
    await bed.cases.service.publish(correction.id, { by: "test" });
    await bed.dispatcher({ telegram }).drain();
    const last = telegram.sent.at(-1)?.message;
    expect(last?.sections[0]?.text).toBe(`【更正】典型案例通报：${SAMPLE_CASE.title}`);
    expect(JSON.stringify(last)).toContain(`本通报更正第 ${id} 号通报《${SAMPLE_CASE.title}》`);
    expect((await bed.cases.service.get(id))?.result).toBe(SAMPLE_CASE.result);
  });

  it("a linked clause is kept as it read when published, whatever later happens to the corpus", async () => {
    const draft = await bed.cases.service.draft(SAMPLE_CASE, { by: "test" });
    const clause = draft.clauses[0];
    expect(clause).toBeDefined();
    bed.app.kb.db.prepare("UPDATE chunks SET text = 'changed' WHERE id = ?").run(clause?.chunkId);
    expect((await bed.cases.service.get(draft.id))?.clauses[0]?.text).toBe(clause?.text);
  });
});
