import { afterEach, describe, expect, it } from "vitest";
import type { CaseFields, LinkedClause } from "../../bot/features/cases/case-notice.js";
import type { AckStore, CaseStore } from "../../bot/features/cases/ports.js";
import { FakeClock } from "../helpers/fake-clock.js";

export interface CaseStoreFixture {
  store: CaseStore & AckStore;
  /** Publishes a draft the way the bot does: the outbox queues it and marks it published. */
  publish(noticeId: number): Promise<void>;
  close(): void;
}

export type OpenCaseStore = (now: () => number) => CaseStoreFixture;

const FIELDS: CaseFields = {
  title: "某医院医生收受回扣问题",
  date: "2024-05-10",
  institution: "某医院",
  people: ["李某"],
  facts: "李某收受医药代表给予的药品回扣共计8万元。",
  violations: "违反廉洁从业九项准则",
  result: "党内严重警告",
  lesson: "以案为鉴",
  tags: ["回扣"],
  sourceUrl: "https://example.org/case/1",
};

const clause = (chunkId: number, over: Partial<LinkedClause> = {}): LinkedClause => ({
  chunkId,
  text: `第${chunkId}条 不得收受回扣。`,
  title: "九项准则",
  year: 2021,
  section: "第二条",
  origin: "proposed",
  accepted: true,
  ...over,
});

/** CaseStore and AckStore as every backend must keep them. */
export function caseStoreContract(open: OpenCaseStore): void {
  let clock: FakeClock;
  let fixture: CaseStoreFixture;
  let store: CaseStore & AckStore;
  const setup = () => {
    clock = new FakeClock();
    fixture = open(clock.now);
    store = fixture.store;
  };
  afterEach(() => fixture.close());

  describe("notices", () => {
    it("creates drafts with increasing ids, stamped by the clock, clauses in the order given", async () => {
      setup();
      const draft = await store.createDraft(
        FIELDS,
        [clause(7), clause(3, { origin: "added", accepted: false, year: undefined }), clause(7)],
        "admin",
      );
      expect(draft).toStrictEqual({
        id: draft.id,
        status: "draft",
        ...FIELDS,
        correctsId: undefined,
        createdBy: "admin",
        createdAt: new Date(clock.now()).toISOString(),
        publishedAt: undefined,
        // A clause linked twice is kept once, where it first appeared.
        clauses: [clause(7), clause(3, { origin: "added", accepted: false, year: undefined })],
      });
      expect(await store.get(draft.id)).toStrictEqual(draft);
      const bare = await store.createDraft(
        { title: "t", people: [], facts: "f", tags: [] },
        [],
        "b",
      );
      expect(bare.id).toBeGreaterThan(draft.id);
      expect(bare).toMatchObject({ date: undefined, sourceUrl: undefined, clauses: [] });
      expect(await store.get(bare.id + 1)).toBeUndefined();
    });

    it("creates a correction of an existing notice and refuses one of a missing notice", async () => {
      setup();
      const original = await store.createDraft(FIELDS, [], "admin");
      const correction = await store.createDraft(FIELDS, [], "admin", original.id);
      expect(correction.correctsId).toBe(original.id);
      await expect(store.createDraft(FIELDS, [], "admin", 9_999)).rejects.toThrow();
      expect((await store.list()).map((n) => n.id)).toEqual([correction.id, original.id]);
    });

    it("keeps its own copy of what it was given and what it returned", async () => {
      setup();
      const fields = { ...FIELDS, tags: ["回扣"], people: ["李某"] };
      const clauses = [clause(1)];
      const draft = await store.createDraft(fields, clauses, "admin");
      fields.tags.push("caller");
      fields.people.push("caller");
      clauses.push(clause(2));
      draft.tags.push("reader");
      draft.clauses.push(clause(3));
      expect(await store.get(draft.id)).toMatchObject({
        tags: ["回扣"],
        people: ["李某"],
        clauses: [clause(1)],
      });
    });

    it("lists notices newest first, up to a limit", async () => {
      setup();
      const ids: number[] = [];
      for (let i = 0; i < 4; i++)
        ids.push((await store.createDraft({ ...FIELDS, title: `#${i}` }, [], "a")).id);
      expect((await store.list()).map((n) => n.id)).toEqual([...ids].reverse());
      expect((await store.list(2)).map((n) => n.title)).toEqual(["#3", "#2"]);
    });

    it("updates a draft's fields (undefined clears one) and stamps nothing else", async () => {
      setup();
      const draft = await store.createDraft(FIELDS, [clause(1)], "admin");
      clock.advance(60_000);
      const updated = await store.updateDraft(draft.id, {
        title: "新标题",
        lesson: undefined,
        tags: ["统方"],
      });
      expect(updated).toStrictEqual({
        ...draft,
        title: "新标题",
        lesson: undefined,
        tags: ["统方"],
      });
      expect(await store.get(draft.id)).toStrictEqual(updated);
      await expect(store.updateDraft(9_999, { title: "x" })).rejects.toMatchObject({
        code: "CASE_NOT_FOUND",
      });
    });

    it("replaces a draft's clauses", async () => {
      setup();
      const draft = await store.createDraft(FIELDS, [clause(1), clause(2)], "admin");
      const updated = await store.setClauses(draft.id, [clause(5, { origin: "added" }), clause(1)]);
      expect(updated.clauses).toStrictEqual([clause(5, { origin: "added" }), clause(1)]);
      expect((await store.get(draft.id))?.clauses).toStrictEqual(updated.clauses);
      expect((await store.setClauses(draft.id, [])).clauses).toEqual([]);
      await expect(store.setClauses(9_999, [])).rejects.toMatchObject({ code: "CASE_NOT_FOUND" });
    });

    it("a published notice cannot change", async () => {
      setup();
      const draft = await store.createDraft(FIELDS, [clause(1)], "admin");
      await fixture.publish(draft.id);
      const published = await store.get(draft.id);
      expect(published).toMatchObject({
        status: "published",
        publishedAt: new Date(clock.now()).toISOString(),
      });
      await expect(store.updateDraft(draft.id, { title: "x" })).rejects.toMatchObject({
        code: "CASE_IMMUTABLE",
      });
      await expect(store.setClauses(draft.id, [])).rejects.toMatchObject({
        code: "CASE_IMMUTABLE",
      });
      expect(await store.get(draft.id)).toStrictEqual(published);
    });

    it("lists notices published since a time, in publishing order", async () => {
      setup();
      const a = await store.createDraft({ ...FIELDS, title: "a" }, [], "x");
      const b = await store.createDraft({ ...FIELDS, title: "b" }, [], "x");
      const c = await store.createDraft({ ...FIELDS, title: "c" }, [], "x");
      await store.createDraft({ ...FIELDS, title: "draft" }, [], "x");
      const t0 = clock.now();
      await fixture.publish(a.id);
      clock.advance(60_000);
      await fixture.publish(c.id);
      clock.advance(60_000);
      await fixture.publish(b.id);
      const since = async (t: number) =>
        (await store.publishedSince(new Date(t).toISOString())).map((n) => n.title);
      expect(await since(t0)).toEqual(["a", "c", "b"]);
      expect(await since(t0 + 60_000)).toEqual(["c", "b"]);
      expect(await since(t0 + 3 * 60_000)).toEqual([]);
    });
  });

  describe("acknowledgements", () => {
    it("acknowledges once per notice, platform and user; the first stays", async () => {
      setup();
      const draft = await store.createDraft(FIELDS, [], "admin");
      const ack = {
        noticeId: draft.id,
        platform: "telegram",
        userId: "1",
        userName: "Alice",
        chatId: "-500",
        at: "2026-11-24T02:00:00.000Z",
      };
      expect(await store.acknowledge(ack)).toBe(true);
      expect(
        await store.acknowledge({ ...ack, userName: "Again", at: "2026-11-24T03:00:00.000Z" }),
      ).toBe(false);
      expect(await store.acknowledge({ ...ack, platform: "slack" })).toBe(true);
      // Equal times: by platform, then user.
      expect(await store.acks(draft.id)).toStrictEqual([{ ...ack, platform: "slack" }, ack]);
    });

    it("lists a notice's acknowledgements by time", async () => {
      setup();
      const one = await store.createDraft(FIELDS, [], "admin");
      const two = await store.createDraft(FIELDS, [], "admin");
      const ack = (noticeId: number, userId: string, at: string) => ({
        noticeId,
        platform: "telegram",
        userId,
        userName: undefined,
        chatId: "-1",
        at,
      });
      await store.acknowledge(ack(one.id, "late", "2026-11-24T05:00:00.000Z"));
      await store.acknowledge(ack(two.id, "other", "2026-11-24T01:00:00.000Z"));
      await store.acknowledge(ack(one.id, "early", "2026-11-24T04:00:00.000Z"));
      expect(await store.acks(one.id)).toStrictEqual([
        ack(one.id, "early", "2026-11-24T04:00:00.000Z"),
        ack(one.id, "late", "2026-11-24T05:00:00.000Z"),
      ]);
      expect(await store.acks(9_999)).toEqual([]);
    });

    it("refuses an acknowledgement of a notice that does not exist", async () => {
      setup();
      await expect(
        store.acknowledge({
          noticeId: 404,
          platform: "telegram",
          userId: "1",
          chatId: "-1",
          at: "x",
        }),
      ).rejects.toThrow();
      expect(await store.acks(404)).toEqual([]);
    });
  });
}
