import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ActionEvent } from "../../../../bot/kernel/events.js";
import { ROLES } from "../../../../bot/kernel/ports.js";
import { type CaseTestbed, openCaseTestbed, SAMPLE_CASE } from "../../../helpers/case-testbed.js";
import { FakeClock } from "../../../helpers/fake-clock.js";
import { RecordingReply } from "../../../helpers/recording-reply.js";

const nurse = { id: "1", name: "护士" };
const admin = { id: "9", name: "Admin" };
const group = { id: "-500", type: "group" as const, title: "心内科" };

const press = async (bed: CaseTestbed, data: string, user = nurse) => {
  const reply = new RecordingReply();
  const event: ActionEvent = { type: "action", platform: "telegram", chat: group, user, data };
  await bed.handle(event, reply);
  return reply;
};

/**
 * Button data comes from the client and can be forged. A non-admin pressing
 * an admin button must learn nothing — not even whether the notice exists —
 * and every attempt is audited with its target; drafts stay invisible to
 * non-admins through the reading buttons too.
 */
describe("forged case-notice buttons", () => {
  let bed: CaseTestbed;
  let draftId: number;
  beforeAll(async () => {
    bed = await openCaseTestbed(new FakeClock(), {}, undefined, { storage: "memory" });
    draftId = (await bed.cases.service.draft(SAMPLE_CASE, { by: "telegram:9" })).id;
  });
  afterAll(() => bed.cleanup());

  it("answers a non-admin's publish and clause buttons the same whether or not the notice exists, and audits each", async () => {
    const forged = [`case:pub:${draftId}`, "case:pub:999", `case:cl:${draftId}:1`, "case:cl:999:1"];
    const replies = await Promise.all(forged.map((data) => press(bed, data)));
    const acks = replies.map((r) => r.acks);
    expect(new Set(acks.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(acks[0]).toEqual(["只有管理员可以编辑或发布通报。"]);
    expect(replies.every((r) => r.sent.length === 0 && r.privately.length === 0)).toBe(true);
    const audit = (await bed.bot.services.get(ROLES).auditLog(10)).filter((a) => a.userId === "1");
    expect(audit.map((a) => [a.command, a.allowed]).sort()).toEqual(
      forged.map((c) => [c, false]).sort(),
    );
    expect((await bed.cases.service.get(draftId))?.status).toBe("draft");
  });

  it("shows a draft to no one but admins through the reading buttons", async () => {
    for (const verb of ["full", "clauses", "ack"]) {
      const draft = await press(bed, `case:${verb}:${draftId}`);
      const missing = await press(bed, `case:${verb}:999`);
      expect(draft.acks, verb).toEqual(["该通报不存在。"]);
      expect(missing.acks, verb).toEqual(draft.acks);
      expect(draft.sent.length + draft.privately.length, verb).toBe(0);
    }
    const asAdmin = await press(bed, `case:full:${draftId}`, admin);
    expect(asAdmin.privately.length + asAdmin.sent.length).toBe(1);
  });
});
