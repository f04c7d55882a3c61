import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ActionEvent, MessageEvent } from "../../../../bot/kernel/events.js";
import { ROLES } from "../../../../bot/kernel/ports.js";
import { type CaseTestbed, openCaseTestbed } from "../../../helpers/case-testbed.js";
import { chatMessage } from "../../../helpers/chat-message.js";
import { FakeClock } from "../../../helpers/fake-clock.js";
import { RecordingReply } from "../../../helpers/recording-reply.js";

const adminDm = { id: "9", type: "dm" as const };
const group = { id: "-500", type: "group" as const, title: "心内科" };
const admin = { id: "9", name: "Admin" };
const nurse = { id: "1", name: "护士" };

function message(text: string, extra: Partial<MessageEvent> = {}): MessageEvent {
  return chatMessage(text, adminDm, admin, extra);
}

const action = (data: string, extra: Partial<ActionEvent> = {}): ActionEvent => ({
  type: "action",
  platform: "telegram",
  chat: group,
  user: nurse,
  data,
  ...extra,
});

async function say(
  bed: CaseTestbed,
  text: string,
  extra: Partial<MessageEvent> = {},
): Promise<RecordingReply> {
  const reply = new RecordingReply();
  await bed.handle(message(text, extra), reply);
  return reply;
}

describe("/case in chat", () => {
  let bed: CaseTestbed;
  beforeAll(async () => {
    bed = await openCaseTestbed(new FakeClock(), {}, undefined, { storage: "memory" });
    await bed.subscribe("telegram", ["-500"], ["心内科"]);
  });
  afterAll(() => bed.cleanup());

  it("walks an admin through title → facts → result → lesson and shows the draft with proposed clauses", async () => {
    expect((await say(bed, "/case new")).text()).toContain("第 1/4 步");
    expect((await say(bed, "某医院医生收受红包问题")).text()).toContain("第 2/4 步");
    expect((await say(bed, "某医院外科医生张伟在手术前收受患者家属红包5000元。")).text()).toContain(
      "第 3/4 步",
    );
    expect((await say(bed, "给予警告处分，红包已退还。")).text()).toContain("第 4/4 步");
    const review = await say(bed, "跳过");
    const text = review.text();
    expect(text).toMatch(/草稿 #\d+（未发布）/);
    expect(text).toContain("张某"); // anonymised
    expect(text).not.toContain("张伟");
    expect(text).toContain("建议关联条款");
    const buttons = review.sent[0]?.buttons?.flat().map((b) => b.data) ?? [];
    expect(buttons.some((d) => /^case:cl:\d+:\d+$/.test(d))).toBe(true);
    expect(buttons.some((d) => /^case:pub:\d+$/.test(d))).toBe(true);
    const notice = (await bed.cases.service.list(1))[0];
    expect(notice).toMatchObject({
      status: "draft",
      tags: ["红包"],
      result: "给予警告处分，红包已退还。",
    });
    expect(notice?.lesson).toBeUndefined();
  });

  it("refuses the flow in a group, and cancels on 取消 without saving", async () => {
    expect((await say(bed, "/case new", { chat: group })).text()).toContain("私聊");
    const before = (await bed.cases.service.list()).length;
    await say(bed, "/case new");
    await say(bed, "标题");
    expect((await say(bed, "取消")).text()).toContain("已取消");
    expect(await bed.cases.service.list()).toHaveLength(before);
  });

  it("a non-admin can neither run /case nor press a forged publish button; both are audited", async () => {
    const draft = await bed.cases.service.draft(
      { title: "T", facts: "某医生收受回扣。", people: [], tags: [] },
      { by: "test" },
    );
    const refused = await say(bed, `/case publish ${draft.id}`, { user: nurse, chat: group });
    expect(refused.text()).toMatch(/管理员|admin/i);
    const pressed = new RecordingReply();
    await bed.handle(action(`case:pub:${draft.id}`), pressed);
    expect(pressed.acks[0]).toContain("只有管理员");
    expect((await bed.cases.service.get(draft.id))?.status).toBe("draft");
    const audit = await bed.bot.services.get(ROLES).auditLog(5);
    expect(audit.some((a) => a.command === "case" && !a.allowed && a.userId === "1")).toBe(true);
    expect(audit.some((a) => a.command === `case:pub:${draft.id}` && !a.allowed)).toBe(true);
  });

  it("pastes a notice, drops a clause, publishes with a tag, reports status; readers acknowledge once", async () => {
    const pasted = await say(
      bed,
      "/case add 某医院信息科违规统方\n某医院信息科工作人员为医药代表统计医生处方量，收受好处费。当事人被开除。",
    );
    const id = Number(/草稿 #(\d+)/.exec(pasted.text())?.[1]);
    expect(id).toBeGreaterThan(0);
    // The CLI's word (case clauses), and the old singular still understood.
    const dropped = await say(bed, `/case clauses ${id} drop 1`);
    expect(dropped.text()).toMatch(/⬜ 1\./);
    const published = await say(bed, `/case publish ${id} 心内科`);
    expect(published.text()).toContain("将发送到 1 个群");
    expect((await say(bed, `/case status ${id}`)).text()).toContain(
      "共 1 个群，已发送 0，待发送 1",
    );
    expect((await say(bed, `/case show ${id}`)).text()).toContain("已发布");

    const first = new RecordingReply();
    await bed.handle(action(`case:ack:${id}`), first);
    const second = new RecordingReply();
    await bed.handle(action(`case:ack:${id}`), second);
    expect(first.acks).toEqual(["已记录：您已阅读并知晓本通报。"]);
    expect(second.acks).toEqual(["您已确认过，无需重复。"]);
    expect((await bed.cases.service.status(id)).acknowledged).toBe(1);

    // 相关条款 from a group goes to the presser privately; the dropped clause is not shown.
    const clauses = new RecordingReply();
    await bed.handle(action(`case:clauses:${id}`), clauses);
    expect(clauses.sent).toHaveLength(0);
    const shown = clauses.privately[0]?.sections.filter((s) => s.kind === "quote") ?? [];
    const notice = await bed.cases.service.get(id);
    expect(shown.map((s) => s.text)).toEqual(
      notice?.clauses.filter((c) => c.accepted).map((c) => c.text),
    );
    expect(await say(bed, `/case clause ${id} drop 2`).then((r) => r.text())).toMatch(
      /CASE_IMMUTABLE/,
    );
  });

  it("a notice pasted twice is one draft: the second paste names the first", async () => {
    const text =
      "/case add 某医院药剂科违规统方\n某医院药剂科工作人员为医药代表统计处方量，收受好处费。当事人被开除。";
    const first = Number(/草稿 #(\d+)/.exec((await say(bed, text)).text())?.[1]);
    const before = (await bed.cases.service.list()).length;
    const second = await say(bed, text);
    expect(second.text()).toContain(`与草稿 #${first} 相同`);
    expect(await bed.cases.service.list()).toHaveLength(before);
  });

  it("says a scheduled publish time in local time, and names /case clauses in its usage", async () => {
    const pasted = await say(
      bed,
      "/case add 某医院检验科收受回扣\n某医院检验科主任收受试剂供应商回扣3万元。当事人被撤职。",
    );
    const id = Number(/草稿 #(\d+)/.exec(pasted.text())?.[1]);
    const published = await say(bed, `/case publish ${id} 心内科 at=2030-01-01T09:00+08:00`);
    expect(published.text()).toContain("2030-01-01 09:00 开始");
    expect(published.text()).not.toMatch(/\d{2}:\d{2}:\d{2}/);
    expect((await say(bed, `/case clauses ${id}`)).text()).toContain("/case clauses ID add");
  });

  it("answers unknown notices and bad subcommands politely", async () => {
    expect((await say(bed, "/case show 999")).text()).toContain("没有第 999 号通报");
    expect((await say(bed, "/case status 999")).text()).toContain("CASE_NOT_FOUND");
    expect((await say(bed, "/case")).text()).toContain("/case publish ID");
    const missing = new RecordingReply();
    await bed.handle(action("case:ack:999"), missing);
    expect(missing.acks).toEqual(["该通报不存在。"]);
  });
});
