import { afterEach, expect, it } from "vitest";
import type {
  CampaignProgress,
  CampaignSpec,
  CampaignStore,
} from "../../bot/features/campaigns/campaign.js";
import { FakeClock } from "../helpers/fake-clock.js";

export interface CampaignStoreFixture {
  store: CampaignStore;
  close(): void;
}

export type OpenCampaignStore = (now: () => number) => CampaignStoreFixture;

const SPEC: CampaignSpec = {
  name: "2026 年度廉洁培训",
  tags: ["回扣"],
  count: 2,
  audience: { departments: ["心内科"], groups: ["telegram:-500"] },
  start: "2026-12-01T00:00:00Z",
  due: "2026-12-15T00:00:00Z",
  passMark: 0.8,
  attestation: true,
};

/** The campaign store as every backend must keep it. */
export function campaignStoreContract(open: OpenCampaignStore): void {
  let fixture: CampaignStoreFixture;
  let store: CampaignStore;
  const setup = () => {
    fixture = open(new FakeClock().now);
    store = fixture.store;
  };
  afterEach(() => fixture.close());

  const progress = (
    campaignId: number,
    over: Partial<CampaignProgress> = {},
  ): CampaignProgress => ({
    campaignId,
    platform: "telegram",
    userId: "1",
    answered: 0,
    correct: 0,
    passedAt: undefined,
    attestation: undefined,
    ...over,
  });

  it("creates campaigns with increasing ids, their question ids kept with the spec", async () => {
    setup();
    const created = await store.create(SPEC, [3, 1, 2], "admin");
    expect(created).toStrictEqual({
      id: created.id,
      name: SPEC.name,
      spec: { ...SPEC, questionIds: [3, 1, 2] },
      questionIds: [3, 1, 2],
      startAt: Date.parse(SPEC.start),
      dueAt: Date.parse(SPEC.due),
    });
    expect(await store.get(created.id)).toStrictEqual(created);
    expect(await store.get(created.id + 1)).toBeUndefined();
    const second = await store.create({ ...SPEC, name: "第二期", tags: undefined }, [], "admin");
    expect(second.id).toBeGreaterThan(created.id);
    // A JSON column drops undefined fields.
    expect("tags" in second.spec).toBe(false);
    expect((await store.list()).map((c) => c.name)).toEqual(["第二期", SPEC.name]);
  });

  it("keeps each person's progress, replacing it whole on save", async () => {
    setup();
    const c = await store.create(SPEC, [1, 2], "admin");
    expect(await store.progress(c.id, "telegram", "1")).toBeUndefined();
    await store.save(progress(c.id, { answered: 1, correct: 1 }));
    await store.save(
      progress(c.id, { answered: 2, correct: 2, passedAt: "2026-12-02T00:00:00.000Z" }),
    );
    expect(await store.progress(c.id, "telegram", "1")).toStrictEqual(
      progress(c.id, { answered: 2, correct: 2, passedAt: "2026-12-02T00:00:00.000Z" }),
    );
    await store.save(progress(c.id, { answered: 2, correct: 2, attestation: "zero-report" }));
    expect(await store.progress(c.id, "telegram", "1")).toStrictEqual(
      progress(c.id, { answered: 2, correct: 2, attestation: "zero-report" }),
    );
    expect(await store.progress(c.id, "slack", "1")).toBeUndefined();
  });

  it("lists a campaign's progress by platform, then user", async () => {
    setup();
    const c = await store.create(SPEC, [1], "admin");
    const other = await store.create(SPEC, [1], "admin");
    await store.save(progress(c.id, { userId: "b" }));
    await store.save(progress(c.id, { platform: "slack", userId: "z" }));
    await store.save(progress(other.id, { userId: "a" }));
    await store.save(progress(c.id, { userId: "a", answered: 1 }));
    expect(await store.allProgress(c.id)).toStrictEqual([
      progress(c.id, { platform: "slack", userId: "z" }),
      progress(c.id, { userId: "a", answered: 1 }),
      progress(c.id, { userId: "b" }),
    ]);
    expect(await store.allProgress(other.id + 1)).toEqual([]);
  });

  it("refuses progress in a campaign that does not exist", async () => {
    setup();
    await expect(store.save(progress(404))).rejects.toThrow();
    expect(await store.allProgress(404)).toEqual([]);
  });
}
