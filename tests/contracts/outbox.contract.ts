import { afterEach, describe, expect, it } from "vitest";
import type { Broadcast, Outbox, Target } from "../../bot/features/broadcast/ports.js";
import type { CaseStore } from "../../bot/features/cases/ports.js";
import { FakeClock } from "../helpers/fake-clock.js";

export interface OutboxFixture {
  outbox: Outbox;
  /** The case store on the same storage: publishing marks its drafts published. */
  cases: CaseStore;
  /** Another outbox on the same storage: the process after a crash. */
  reopen(): Outbox;
  close(): void;
}

export type OpenOutbox = (now: () => number) => OutboxFixture;

const MINUTE = 60_000;

type NewBroadcast = Omit<Broadcast, "id" | "state" | "createdAt"> & { createdBy: string };

/** The outbox as every backend must keep it: what the dispatcher and its crash recovery rely on. */
export function outboxContract(open: OpenOutbox): void {
  let clock: FakeClock;
  let fixture: OutboxFixture;
  let outbox: Outbox;
  const setup = () => {
    clock = new FakeClock();
    fixture = open(clock.now);
    outbox = fixture.outbox;
  };
  afterEach(() => fixture.close());

  const notice = (over: Partial<NewBroadcast> = {}): NewBroadcast => ({
    kind: "notice",
    tags: [],
    sendAt: clock.now(),
    createdBy: "admin",
    ...over,
  });
  const draft = async () =>
    (
      await fixture.cases.createDraft(
        { title: "案例", people: [], facts: "事实", tags: [] },
        [],
        "a",
      )
    ).id;
  const targets = (...ids: string[]): Target[] =>
    ids.map((chatId) => ({ platform: "telegram", chatId }));

  describe("enqueue", () => {
    it("returns the active broadcast, stamped by the clock, with increasing ids", async () => {
      setup();
      const noticeId = await draft();
      const first = await outbox.enqueue(
        notice({ noticeId, tags: ["外科"], payload: { day: 3 }, periodKey: "rem-1" }),
        targets("-1"),
      );
      expect(first).toStrictEqual({
        id: first.id,
        kind: "notice",
        noticeId,
        tags: ["外科"],
        sendAt: clock.now(),
        state: "active",
        periodKey: "rem-1",
        payload: { day: 3 },
        createdAt: new Date(clock.now()).toISOString(),
      });
      clock.advance(MINUTE);
      const second = await outbox.enqueue(notice({ kind: "digest" }), targets("-1"));
      expect(second.id).toBeGreaterThan(first.id);
      expect(second).toMatchObject({
        noticeId: undefined,
        periodKey: undefined,
        payload: undefined,
        createdAt: new Date(clock.now()).toISOString(),
      });
      expect(await outbox.broadcast(first.id)).toStrictEqual(first);
      expect(await outbox.broadcast(second.id + 1)).toBeUndefined();
      const third = await outbox.enqueue(notice({ noticeId, kind: "reminder" }), []);
      expect((await outbox.broadcasts(noticeId)).map((b) => b.id)).toEqual([first.id, third.id]);
      expect(await outbox.broadcasts(noticeId + 1)).toEqual([]);
    });

    it("queues one pending row per distinct target, due at the send time", async () => {
      setup();
      const sendAt = clock.now() + 5 * MINUTE;
      const b = await outbox.enqueue(notice({ sendAt }), [
        ...targets("-2", "-1", "-2"),
        { platform: "slack", chatId: "-2" },
      ]);
      const rows = await outbox.rows(b.id);
      expect(rows.map((r) => `${r.platform}:${r.chatId}`)).toEqual([
        "telegram:-2",
        "telegram:-1",
        "slack:-2",
      ]);
      expect(rows[0]).toStrictEqual({
        id: rows[0]?.id,
        broadcastId: b.id,
        platform: "telegram",
        chatId: "-2",
        state: "pending",
        notBefore: sendAt,
        attempts: 0,
        messageIds: [],
        error: undefined,
        sentAt: undefined,
      });
      expect(rows.map((r) => r.id)).toEqual([...rows.map((r) => r.id)].sort((x, y) => x - y));
      expect(await outbox.row(rows[1]?.id ?? 0)).toStrictEqual(rows[1]);
      expect(await outbox.row(9_999)).toBeUndefined();
      expect(await outbox.rows(b.id + 1)).toEqual([]);
    });

    it("publishes the draft it sends, stamped by the clock, and only once", async () => {
      setup();
      const noticeId = await draft();
      clock.advance(MINUTE);
      await outbox.enqueue(notice({ noticeId }), targets("-1"), noticeId);
      expect(await fixture.cases.get(noticeId)).toMatchObject({
        status: "published",
        publishedAt: new Date(clock.now()).toISOString(),
      });
      await expect(
        outbox.enqueue(notice({ noticeId }), targets("-1"), noticeId),
      ).rejects.toMatchObject({ code: "CASE_IMMUTABLE" });
      await expect(
        outbox.enqueue(notice({ noticeId: undefined }), targets("-1"), noticeId + 1),
      ).rejects.toMatchObject({ code: "CASE_IMMUTABLE" });
      expect(await outbox.broadcasts(noticeId)).toHaveLength(1);
    });

    it("keeps planned jobs unique per period, and a refused publish leaves nothing behind", async () => {
      setup();
      expect(await outbox.hasPeriod("digest-2026-W48")).toBe(false);
      const first = await outbox.enqueue(notice({ periodKey: "digest-2026-W48" }), targets("-1"));
      expect(await outbox.hasPeriod("digest-2026-W48")).toBe(true);
      const noticeId = await draft();
      await expect(
        outbox.enqueue(notice({ noticeId, periodKey: "digest-2026-W48" }), targets("-2"), noticeId),
      ).rejects.toThrow();
      expect((await fixture.cases.get(noticeId))?.status).toBe("draft");
      expect(await outbox.broadcasts(noticeId)).toEqual([]);
      expect(await outbox.broadcast(first.id + 1)).toBeUndefined();
      expect((await outbox.due(clock.now(), 10)).map((r) => r.chatId)).toEqual(["-1"]);
    });

    it("refuses a broadcast of a notice that does not exist", async () => {
      setup();
      await expect(outbox.enqueue(notice({ noticeId: 404 }), targets("-1"))).rejects.toThrow();
      expect(await outbox.due(clock.now(), 10)).toEqual([]);
    });
  });

  describe("due rows", () => {
    it("are pending rows of active broadcasts whose time has come, by time then id, up to a limit", async () => {
      setup();
      const t = clock.now();
      const later = await outbox.enqueue(notice({ sendAt: t + 2 * MINUTE }), targets("-3", "-4"));
      const sooner = await outbox.enqueue(notice({ sendAt: t + MINUTE }), targets("-1", "-2"));
      expect(await outbox.due(t, 10)).toEqual([]);
      const all = await outbox.due(t + 2 * MINUTE, 10);
      expect(all.map((r) => r.chatId)).toEqual(["-1", "-2", "-3", "-4"]);
      expect((await outbox.due(t + 2 * MINUTE, 3)).map((r) => r.chatId)).toEqual([
        "-1",
        "-2",
        "-3",
      ]);
      await outbox.setState(sooner.id, "paused");
      expect((await outbox.due(t + 2 * MINUTE, 10)).map((r) => r.broadcastId)).toEqual([
        later.id,
        later.id,
      ]);
      await outbox.setState(sooner.id, "active");
      expect(await outbox.due(t + 2 * MINUTE, 10)).toEqual(all);
    });

    it("give the next send time on the given platforms", async () => {
      setup();
      const t = clock.now();
      expect(await outbox.nextDue(["telegram"])).toBeUndefined();
      const paused = await outbox.enqueue(notice({ sendAt: t + MINUTE }), targets("-1"));
      await outbox.enqueue(notice({ sendAt: t + 3 * MINUTE }), targets("-2"));
      await outbox.enqueue(notice({ sendAt: t + 2 * MINUTE }), [
        { platform: "slack", chatId: "C" },
      ]);
      expect(await outbox.nextDue(["telegram"])).toBe(t + MINUTE);
      expect(await outbox.nextDue(["slack", "telegram"])).toBe(t + MINUTE);
      expect(await outbox.nextDue(["slack"])).toBe(t + 2 * MINUTE);
      expect(await outbox.nextDue(["console"])).toBeUndefined();
      expect(await outbox.nextDue([])).toBeUndefined();
      await outbox.setState(paused.id, "paused");
      expect(await outbox.nextDue(["telegram"])).toBe(t + 3 * MINUTE);
    });
  });

  describe("claiming and sending", () => {
    it("claims a pending row once, counting the attempt and naming the owner", async () => {
      setup();
      const b = await outbox.enqueue(notice(), targets("-1", "-2"));
      const [row, other] = await outbox.rows(b.id);
      const id = row?.id ?? 0;
      expect(await outbox.claim(id, "host:1")).toBe(true);
      expect(await outbox.claim(id, "host:2")).toBe(false);
      expect(await outbox.claim(9_999, "host:1")).toBe(false);
      expect(await outbox.row(id)).toMatchObject({ state: "sending", attempts: 1 });
      expect(await outbox.inFlight()).toStrictEqual([
        { ...(await outbox.row(id)), claimedBy: "host:1" },
      ]);
      expect((await outbox.due(clock.now(), 10)).map((r) => r.id)).toEqual([other?.id]);
    });

    it("marks a row sent with its message ids, clearing an earlier error", async () => {
      setup();
      const b = await outbox.enqueue(notice(), targets("-1"));
      const id = (await outbox.rows(b.id))[0]?.id ?? 0;
      await outbox.claim(id, "me");
      await outbox.retryLater(id, clock.now(), "timeout", true);
      await outbox.claim(id, "me");
      const at = new Date(clock.now()).toISOString();
      const messageIds = ["11", "12"];
      await outbox.markSent(id, messageIds, at);
      messageIds.push("changed by the caller");
      expect(await outbox.row(id)).toMatchObject({
        state: "sent",
        messageIds: ["11", "12"],
        sentAt: at,
        error: undefined,
        attempts: 2,
      });
      expect(await outbox.inFlight()).toEqual([]);
      expect(await outbox.due(clock.now(), 10)).toEqual([]);
    });

    it("puts a row back to pending: a failure counts as an attempt, a rate limit does not", async () => {
      setup();
      const b = await outbox.enqueue(notice(), targets("-1"));
      const id = (await outbox.rows(b.id))[0]?.id ?? 0;
      await outbox.claim(id, "me");
      await outbox.retryLater(id, clock.now() + MINUTE, "HTTP 500", true);
      expect(await outbox.row(id)).toMatchObject({
        state: "pending",
        notBefore: clock.now() + MINUTE,
        error: "HTTP 500",
        attempts: 1,
      });
      expect(await outbox.due(clock.now(), 10)).toEqual([]);
      expect(await outbox.nextDue(["telegram"])).toBe(clock.now() + MINUTE);
      await outbox.claim(id, "me");
      await outbox.retryLater(id, clock.now() + 2 * MINUTE, "429", false);
      expect(await outbox.row(id)).toMatchObject({ state: "pending", attempts: 1, error: "429" });
    });

    it("marks a row failed with the reason", async () => {
      setup();
      const b = await outbox.enqueue(notice(), targets("-1"));
      const id = (await outbox.rows(b.id))[0]?.id ?? 0;
      await outbox.claim(id, "me");
      await outbox.markFailed(id, "chat not found");
      expect(await outbox.row(id)).toMatchObject({ state: "failed", error: "chat not found" });
      expect(await outbox.claim(id, "me")).toBe(false);
    });

    it("retargets a row to a migrated chat, but not onto a chat the broadcast already has", async () => {
      setup();
      const b = await outbox.enqueue(notice(), targets("-1", "-2"));
      const [first, second] = await outbox.rows(b.id);
      await outbox.retarget(first?.id ?? 0, "-1001");
      expect((await outbox.row(first?.id ?? 0))?.chatId).toBe("-1001");
      await expect(outbox.retarget(second?.id ?? 0, "-1001")).rejects.toThrow();
      expect((await outbox.row(second?.id ?? 0))?.chatId).toBe("-2");
    });
  });

  describe("crash recovery", () => {
    it("rows left sending stay sending, with their owner, for the next process to resolve", async () => {
      setup();
      const b = await outbox.enqueue(notice(), targets("-1", "-2", "-3"));
      const [a, c, d] = await outbox.rows(b.id);
      await outbox.claim(a?.id ?? 0, "host:1");
      await outbox.claim(c?.id ?? 0, "host:1");
      await outbox.markSent(c?.id ?? 0, ["5"], new Date(clock.now()).toISOString());
      await outbox.claim(d?.id ?? 0, "host:1");
      // The process dies here; the next one opens the same storage.
      const after = fixture.reopen();
      expect((await after.inFlight()).map((r) => [r.id, r.state, r.claimedBy])).toEqual([
        [a?.id, "sending", "host:1"],
        [d?.id, "sending", "host:1"],
      ]);
      expect(await after.due(clock.now(), 10)).toEqual([]);
      await after.retryLater(a?.id ?? 0, clock.now(), "interrupted", true, true);
      expect(await after.row(a?.id ?? 0)).toMatchObject({ state: "pending", attempts: 1 });
      expect((await after.due(clock.now(), 10)).map((r) => r.id)).toEqual([a?.id]);
      expect(await after.claim(a?.id ?? 0, "host:2")).toBe(true);
      expect((await after.inFlight()).map((r) => r.claimedBy)).toEqual(["host:2", "host:1"]);
    });
  });

  describe("state and progress", () => {
    it("cancelling a broadcast cancels its pending rows and leaves the rest", async () => {
      setup();
      const b = await outbox.enqueue(notice(), targets("-1", "-2", "-3", "-4"));
      const other = await outbox.enqueue(notice(), targets("-9"));
      const [sent, sending, failed] = await outbox.rows(b.id);
      for (const r of [sent, sending, failed]) await outbox.claim(r?.id ?? 0, "me");
      await outbox.markSent(sent?.id ?? 0, ["1"], new Date(clock.now()).toISOString());
      await outbox.markFailed(failed?.id ?? 0, "gone");
      expect(await outbox.progress([b.id])).toEqual({
        targets: 4,
        sent: 1,
        pending: 2,
        failed: 1,
        cancelled: 0,
      });
      await outbox.setState(b.id, "cancelled");
      expect((await outbox.broadcast(b.id))?.state).toBe("cancelled");
      expect((await outbox.rows(b.id)).map((r) => r.state)).toEqual([
        "sent",
        "sending",
        "failed",
        "cancelled",
      ]);
      expect(await outbox.progress([b.id, other.id])).toEqual({
        targets: 5,
        sent: 1,
        pending: 2,
        failed: 1,
        cancelled: 1,
      });
      expect(await outbox.progress([])).toEqual({
        targets: 0,
        sent: 0,
        pending: 0,
        failed: 0,
        cancelled: 0,
      });
    });

    it("a paused broadcast keeps its rows pending", async () => {
      setup();
      const b = await outbox.enqueue(notice(), targets("-1"));
      await outbox.setState(b.id, "paused");
      expect((await outbox.broadcast(b.id))?.state).toBe("paused");
      expect((await outbox.rows(b.id)).map((r) => r.state)).toEqual(["pending"]);
      expect(await outbox.due(clock.now(), 10)).toEqual([]);
    });
  });
}
