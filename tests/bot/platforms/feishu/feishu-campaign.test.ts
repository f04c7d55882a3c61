import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCampaignSpec } from "../../../../bot/features/campaigns/campaign.js";
import { createFeishuClient } from "../../../../bot/platforms/feishu/feishu-client.js";
import { FeishuSender } from "../../../../bot/platforms/feishu/feishu-sender.js";
import { allChunks } from "../../../../knowledge/ports/knowledge-store.js";
import { generateInto } from "../../../../knowledge/quiz/quiz-curator.js";
import { SqliteQuizBank } from "../../../../knowledge/store/sqlite-quiz-bank.js";
import { type CaseTestbed, openCaseTestbed } from "../../../helpers/case-testbed.js";
import { FakeClock } from "../../../helpers/fake-clock.js";
import {
  cardButtons,
  cardTexts,
  FAKE_APP,
  type FakeFeishu,
  startFakeFeishu,
} from "../../../helpers/fake-feishu/index.js";

const NURSE = "ou_nurse000000000000000000000000002";
const DOCTOR = "ou_doctor00000000000000000000000003";
const OUTSIDER = "ou_outside0000000000000000000000004";

describe("a training campaign announced on Feishu: the audience group and each member's DM", () => {
  let clock: FakeClock;
  let bed: CaseTestbed;
  let fake: FakeFeishu;
  let campaignId: number;

  beforeAll(async () => {
    clock = new FakeClock(Date.parse("2026-12-01T01:00:00Z"));
    bed = await openCaseTestbed(clock);
    fake = await startFakeFeishu({ now: clock.now });
    fake.api.unreachableUsers.add(OUTSIDER);
    const bank = new SqliteQuizBank(bed.app.kb.db);
    const { added } = await generateInto(bank, await allChunks(bed.app.kb.store), 30);
    await bank.setState(
      added.filter((q) => q.answer.length === 1).map((q) => q.id),
      "approved",
    );
    await bed.cases.roster.replace([
      { name: "李护士", department: "心内科", ids: { feishu: NURSE } },
      { name: "张医生", department: "心内科", ids: { feishu: DOCTOR } },
      { name: "王某", department: "心内科", ids: { feishu: OUTSIDER } },
    ]);
    const c = await bed.campaigns.create(
      parseCampaignSpec(
        JSON.stringify({
          name: "2026 年度廉洁从业培训",
          count: 3,
          audience: { departments: ["心内科"], groups: ["feishu:oc_training_ward"] },
          start: "2026-12-01T00:00:00Z",
          due: "2026-12-10T00:00:00Z",
          passMark: 0.6,
        }),
      ),
      "test",
    );
    campaignId = c.id;
  });
  afterAll(async () => {
    await fake?.close();
    bed?.cleanup();
  });

  it("posts the announcement card in the group and in the members' DMs by open_id; a member out of reach fails alone", async () => {
    const client = createFeishuClient({
      ...FAKE_APP,
      domain: fake.domain,
      log: () => {},
      timeoutMs: 5_000,
    });
    await bed.dispatcher({ feishu: new FeishuSender(client) }).drain();
    const group = fake.api.messages.filter((m) => m.chat_id === "oc_training_ward");
    expect(group).toHaveLength(1);
    expect(cardTexts(group[0]?.card ?? {}).join("\n")).toContain("2026 年度廉洁从业培训");
    expect(cardButtons(group[0]?.card ?? {}).map((b) => b.data)).toContain(`cp:go:${campaignId}`);
    // A DM is addressed by the member's open_id (receive_id_type=open_id).
    const dms = fake.api.calls.filter(
      (c) => c.path === "/open-apis/im/v1/messages" && c.query.receive_id_type === "open_id",
    );
    expect(dms.map((c) => c.body.receive_id).sort()).toEqual([DOCTOR, NURSE, OUTSIDER].sort());
    for (const user of [NURSE, DOCTOR])
      expect(fake.api.messages.filter((m) => m.chat_id === `oc_p2p_${user}`)).toHaveLength(1);
    expect(fake.api.messages.some((m) => m.chat_id === `oc_p2p_${OUTSIDER}`)).toBe(false);
    // Outside the app's availability (230013): that one send fails for good, the others stand.
    const rows = await bed.cases.outbox.rows(1);
    expect(rows.find((r) => r.chatId === OUTSIDER)).toMatchObject({
      state: "failed",
      error: expect.stringContaining("230013"),
    });
    expect(rows.filter((r) => r.state === "sent")).toHaveLength(3);
  });
});
