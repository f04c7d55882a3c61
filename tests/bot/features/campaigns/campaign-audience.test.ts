import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCampaignSpec } from "../../../../bot/features/campaigns/campaign.js";
import { allChunks } from "../../../../knowledge/ports/knowledge-store.js";
import type { StoredQuestion } from "../../../../knowledge/quiz/question-types.js";
import { generateInto } from "../../../../knowledge/quiz/quiz-curator.js";
import { SqliteQuizBank } from "../../../../knowledge/store/sqlite-quiz-bank.js";
import { type CaseTestbed, openCaseTestbed } from "../../../helpers/case-testbed.js";
import { FakeClock } from "../../../helpers/fake-clock.js";

const spec = (over: Record<string, unknown>) =>
  parseCampaignSpec(
    JSON.stringify({
      name: "护理廉洁培训",
      count: 12,
      start: "2026-12-01T00:00:00Z",
      due: "2026-12-10T00:00:00Z",
      passMark: 0.8,
      ...over,
    }),
  );

describe("campaigns choose questions by audience", () => {
  let bed: CaseTestbed;
  let bank: SqliteQuizBank;
  const questionsOf = async (ids: number[]) =>
    (await Promise.all(ids.map((id) => bank.get(id)))).filter(
      (q): q is StoredQuestion => q !== undefined,
    );

  beforeAll(async () => {
    bed = await openCaseTestbed(new FakeClock(Date.parse("2026-11-20T00:00:00Z")));
    bank = new SqliteQuizBank(bed.app.kb.db);
    const { added } = await generateInto(bank, await allChunks(bed.app.kb.store), undefined, {
      conduct: bed.app.kb.index.conduct,
    });
    await bank.setState(
      added.map((q) => q.id),
      "approved",
    );
  });
  afterAll(() => bed.cleanup());

  it("a campaign for 护理 draws only questions tagged for nurses, over many kinds of conduct, none admin-only", async () => {
    const c = await bed.campaigns.create(spec({ audience: { roles: ["护理"] } }), "test");
    const questions = await questionsOf(c.questionIds);
    expect(questions).toHaveLength(12);
    for (const q of questions) {
      expect(q.audiences, q.stem).toContain("护理");
      expect(q.adminOnly).toBe(false);
    }
    expect(new Set(questions.map((q) => q.conduct)).size).toBe(12);
  });

  it("a second campaign for 护理 draws fresh questions", async () => {
    const first = (await bed.campaigns.list()).flatMap((c) => c.questionIds);
    const c = await bed.campaigns.create(spec({ audience: { roles: ["护理"] } }), "test");
    expect(c.questionIds.filter((id) => first.includes(id))).toEqual([]);
    for (const q of await questionsOf(c.questionIds)) expect(q.audiences).toContain("护理");
  });

  it("takes the roles of its departments when it names none (护理部 → 护理)", async () => {
    const c = await bed.campaigns.create(
      spec({ audience: { departments: ["护理部", "外科护理单元"] } }),
      "test",
    );
    for (const q of await questionsOf(c.questionIds)) expect(q.audiences).toContain("护理");
  });

  it("asks task-table facts only when the admin asks for them", async () => {
    const staff = await bed.campaigns.create(spec({ count: 400, audience: {} }), "test");
    expect((await questionsOf(staff.questionIds)).some((q) => q.adminOnly)).toBe(false);
    const admins = await bed.campaigns.create(
      spec({ count: 400, audience: { roles: ["管理"] }, adminFacts: true }),
      "test",
    );
    expect((await questionsOf(admins.questionIds)).some((q) => q.adminOnly)).toBe(true);
  });

  it("refuses a role that is no audience", () => {
    expect(() => spec({ audience: { roles: ["外科"] } })).toThrow(
      /role "外科" must be one of 临床/,
    );
  });
});
