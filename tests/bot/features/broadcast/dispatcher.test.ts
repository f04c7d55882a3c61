import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Dispatcher } from "../../../../bot/features/broadcast/dispatcher.js";
import { type CaseTestbed, openCaseTestbed, SAMPLE_CASE } from "../../../helpers/case-testbed.js";
import { FakeClock } from "../../../helpers/fake-clock.js";
import { FakeSender } from "../../../helpers/fake-sender.js";

const groups = (n: number, prefix = "-100") =>
  Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);

/** Most sends in any window of `windowMs` (sorted times). */
function peak(times: number[], windowMs: number): number {
  let best = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while ((times[end] ?? 0) - (times[start] ?? 0) >= windowMs) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

// The outbox's main client, on each backend: claim, requeue and recovery must hold on both.
describe.each(["sqlite", "memory"] as const)(
  "broadcast dispatcher (fake clock, in-memory sender, %s outbox)",
  (storage) => {
    let clock: FakeClock;
    let bed: CaseTestbed;
    beforeEach(async () => {
      clock = new FakeClock();
      bed = await openCaseTestbed(clock, {}, undefined, { storage });
    });
    afterEach(() => bed.cleanup());

    async function publish(tags: string[] = [], at?: Date): Promise<number> {
      const draft = await bed.cases.service.draft(SAMPLE_CASE, { by: "test" });
      await bed.cases.service.publish(draft.id, { by: "test", tags, at });
      return draft.id;
    }

    it("sends one message per subscribed group, paced within Telegram's 30/s, and records message ids", async () => {
      await bed.subscribe("telegram", groups(120));
      const id = await publish();
      const telegram = new FakeSender("telegram", clock.now);
      await bed.dispatcher({ telegram }).drain();

      expect(telegram.sent).toHaveLength(120);
      expect(new Set(telegram.sent.map((s) => s.chatId)).size).toBe(120);
      const times = telegram.sent.map((s) => s.at).sort((a, b) => a - b);
      expect(peak(times, 1_000)).toBeLessThanOrEqual(30);
      // Close to the ceiling, not far under it: 120 sends take about 4 s.
      expect((times.at(-1) ?? 0) - (times[0] ?? 0)).toBeLessThan(4_300);
      const rows = await bed.cases.outbox.rows(
        (await bed.cases.outbox.broadcasts(id))[0]?.id ?? -1,
      );
      expect(rows.every((r) => r.state === "sent" && r.messageIds.length === 1)).toBe(true);
      expect(await bed.cases.service.status(id)).toMatchObject({
        targets: 120,
        sent: 120,
        pending: 0,
        failed: 0,
      });
    });

    it("keeps each group within 20 messages a minute", async () => {
      await bed.subscribe("telegram", ["-1001"]);
      for (let i = 0; i < 25; i++) await publish();
      const telegram = new FakeSender("telegram", clock.now);
      await bed.dispatcher({ telegram }).drain();
      expect(telegram.sent).toHaveLength(25);
      expect(
        peak(
          telegram.sent.map((s) => s.at),
          60_000,
        ),
      ).toBe(20);
    });

    it("paces Slack at one message a second per channel", async () => {
      await bed.subscribe("slack", ["C1"]);
      for (let i = 0; i < 3; i++) await publish();
      const slack = new FakeSender("slack", clock.now);
      await bed.dispatcher({ slack }).drain();
      const times = slack.sent.map((s) => s.at);
      expect(times).toHaveLength(3);
      expect((times[1] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(1_000);
      expect((times[2] ?? 0) - (times[1] ?? 0)).toBeGreaterThanOrEqual(1_000);
    });

    it("a 429 storm delays the broadcast by retry_after but drops nothing", async () => {
      await bed.subscribe("telegram", groups(40));
      const id = await publish();
      const telegram = new FakeSender("telegram", clock.now);
      for (const chat of groups(40).filter((_, i) => i % 3 === 0))
        telegram.failNext(
          chat,
          { kind: "rate-limited", retryAfterMs: 5_000 },
          { kind: "rate-limited", retryAfterMs: 5_000 },
        );
      const started = clock.now();
      await bed.dispatcher({ telegram }).drain();
      expect(new Set(telegram.sent.map((s) => s.chatId)).size).toBe(40);
      expect(telegram.sent).toHaveLength(40);
      // Nothing was sent during a pause: every send after a 429 waited the full retry_after.
      expect(clock.now() - started).toBeGreaterThanOrEqual(10_000);
      expect(await bed.cases.service.status(id)).toMatchObject({ sent: 40, failed: 0 });
    });

    it("retries transient errors with backoff, then gives up and reports the failure", async () => {
      await bed.subscribe("telegram", ["-1001", "-1002"]);
      const id = await publish();
      const telegram = new FakeSender("telegram", clock.now);
      telegram.failNext("-1001", { kind: "transient" }, { kind: "transient" });
      telegram.failNext(
        "-1002",
        ...Array.from({ length: 10 }, () => ({ kind: "transient" as const })),
      );
      await bed.dispatcher({ telegram }).drain();
      expect(telegram.countFor("-1001")).toBe(1);
      expect(telegram.countFor("-1002")).toBe(0);
      expect(await bed.cases.service.status(id)).toMatchObject({ sent: 1, failed: 1 });
      // Backoff doubled between attempts.
      expect(clock.sleeps.filter((ms) => ms >= 8_000)).toEqual([8_000, 16_000, 32_000]);
      // A failed send is not a removed chat: the subscription stays.
      expect((await bed.chats.get("telegram", "-1002"))?.subscribed).toBe(true);
    });

    it("a chat that removed the bot fails permanently and its subscription is deactivated with the reason", async () => {
      await bed.subscribe("telegram", ["-1001", "-1002"]);
      const id = await publish();
      const telegram = new FakeSender("telegram", clock.now);
      telegram.failNext("-1002", { kind: "permanent" });
      await bed.dispatcher({ telegram }).drain();
      expect(await bed.cases.service.status(id)).toMatchObject({ sent: 1, failed: 1 });
      const chat = await bed.chats.get("telegram", "-1002");
      expect(chat?.subscribed).toBe(false);
      expect(chat?.deactivatedReason).toMatch(/permanent/);
      expect((await bed.cases.service.targets([])).map((c) => c.chatId)).toEqual(["-1001"]);
    });

    it("follows a group that became a supergroup, and keeps its subscription under the new id", async () => {
      await bed.subscribe("telegram", ["-1001"], ["心内科"]);
      await publish();
      const telegram = new FakeSender("telegram", clock.now);
      telegram.failNext("-1001", { kind: "moved", newChatId: "-1009999" });
      await bed.dispatcher({ telegram }).drain();
      expect(telegram.sent.map((s) => s.chatId)).toEqual(["-1009999"]);
      expect(await bed.chats.get("telegram", "-1009999")).toMatchObject({
        subscribed: true,
        tags: ["心内科"],
      });
      expect((await bed.chats.get("telegram", "-1001"))?.subscribed).toBe(false);
    });

    it("sends a scheduled notice only from its time on", async () => {
      await bed.subscribe("telegram", ["-1001"]);
      const at = new Date(clock.now() + 3_600_000);
      const id = await publish([], at);
      const telegram = new FakeSender("telegram", clock.now);
      const dispatcher = bed.dispatcher({ telegram });
      await dispatcher.drain(60_000);
      expect(telegram.sent).toHaveLength(0);
      expect(await bed.cases.service.status(id)).toMatchObject({
        pending: 1,
        sendAt: at.toISOString(),
      });
      clock.advance(3_600_000);
      await dispatcher.drain();
      expect(telegram.sent).toHaveLength(1);
      expect(telegram.sent[0]?.at).toBeGreaterThanOrEqual(at.getTime());
    });

    it("pause holds the rest, resume sends them, cancel drops what is still pending", async () => {
      await bed.subscribe("telegram", groups(10));
      const id = await publish();
      const telegram = new FakeSender("telegram", clock.now);
      const dispatcher = bed.dispatcher({ telegram }, { maxInFlight: 1 });
      // Send a few, then pause.
      for (let i = 0; i < 3; i++) {
        await dispatcher.step();
        await clock.sleep(40);
      }
      await bed.cases.service.pause(id);
      await dispatcher.drain();
      const sentBeforeResume = telegram.sent.length;
      expect(sentBeforeResume).toBeGreaterThan(0);
      expect(sentBeforeResume).toBeLessThan(10);
      expect((await bed.cases.service.status(id)).state).toBe("paused");
      await bed.cases.service.resume(id);
      await dispatcher.drain();
      expect(telegram.sent).toHaveLength(10);

      await bed.subscribe("telegram", groups(5, "-200"));
      const second = await publish();
      await bed.cases.service.cancel(second);
      await dispatcher.drain();
      expect(telegram.sent).toHaveLength(10);
      expect(await bed.cases.service.status(second)).toMatchObject({ sent: 0, cancelled: 15 });
      await expect(bed.cases.service.resume(second)).rejects.toThrow(/BROADCAST_STATE|no paused/);
    });

    it("after a crash, a send left in flight is looked up where the platform allows, sent again where not", async () => {
      await bed.subscribe("slack", ["C1", "C2"]);
      await bed.subscribe("telegram", ["-1001"]);
      const id = await publish();
      const rows = await bed.cases.outbox.rows(
        (await bed.cases.outbox.broadcasts(id))[0]?.id ?? -1,
      );
      // A crash after these were marked sending and before the result was recorded.
      for (const r of rows) await bed.cases.outbox.claim(r.id, "crashed-host:1");
      const c1 = rows.find((r) => r.chatId === "C1");
      const slack = new FakeSender("slack", clock.now);
      // The platform shows C1's message was delivered before the crash.
      slack.findSent = async (chatId, tag) =>
        chatId === "C1" && tag.outboxId === c1?.id ? ["1700.1"] : undefined;
      const telegram = new FakeSender("telegram", clock.now);
      await bed.dispatcher({ slack, telegram }).drain();
      expect(slack.sent.map((s) => s.chatId)).toEqual(["C2"]);
      expect(telegram.sent.map((s) => s.chatId)).toEqual(["-1001"]);
      expect(await bed.cases.outbox.row(c1?.id ?? -1)).toMatchObject({
        state: "sent",
        messageIds: ["1700.1"],
      });
    });

    it("a row another process claimed between our read and our send is not sent again", async () => {
      await bed.subscribe("telegram", ["-1001"]);
      await publish();
      // This dispatcher read the row as pending; another process (a cron `case send`) then claimed it.
      const stale = await bed.cases.outbox.due(clock.now(), 10);
      expect(stale).toHaveLength(1);
      expect(await bed.cases.outbox.claim(stale[0]?.id ?? -1, "other")).toBe(true);
      expect(await bed.cases.outbox.claim(stale[0]?.id ?? -1, "other")).toBe(false);
      const outbox = new Proxy(bed.cases.outbox, {
        get(target, prop) {
          if (prop === "due") return () => stale.splice(0);
          const value = Reflect.get(target, prop);
          return typeof value === "function" ? value.bind(target) : value;
        },
      });
      const telegram = new FakeSender("telegram", clock.now);
      const dispatcher = new Dispatcher({
        outbox,
        senders: new Map([["telegram", telegram]]),
        render: async () => ({ sections: [{ kind: "text", text: "x" }] }),
        subscriptions: bed.chats,
        clock,
        log: () => {},
      });
      await dispatcher.step();
      expect(telegram.sent).toHaveLength(0);
    });

    it("rows a live dispatcher is sending are not taken over; a dead one's are", async () => {
      await bed.subscribe("telegram", ["-1001", "-1002"]);
      const id = await publish();
      const [live, dead] = await bed.cases.outbox.rows(
        (await bed.cases.outbox.broadcasts(id))[0]?.id ?? -1,
      );
      await bed.cases.outbox.claim(live?.id ?? -1, "host:100");
      await bed.cases.outbox.claim(dead?.id ?? -1, "host:200");
      const telegram = new FakeSender("telegram", clock.now);
      const dispatcher = new Dispatcher({
        outbox: bed.cases.outbox,
        senders: new Map([["telegram", telegram]]),
        render: async () => ({ sections: [{ kind: "text", text: "x" }] }),
        subscriptions: bed.chats,
        clock,
        log: () => {},
        owner: "host:300",
        isAlive: (owner) => owner === "host:100",
      });
      await dispatcher.drain();
      expect(telegram.sent.map((s) => s.chatId)).toEqual([dead?.chatId]);
      expect((await bed.cases.outbox.row(live?.id ?? -1))?.state).toBe("sending");
    });

    it("publishing is all or nothing: a notice with no matching groups stays a draft with no rows", async () => {
      await bed.subscribe("telegram", ["-1001"], ["外科"]);
      const draft = await bed.cases.service.draft(SAMPLE_CASE, { by: "test" });
      await expect(
        bed.cases.service.publish(draft.id, { by: "test", tags: ["心内科"] }),
      ).rejects.toThrow(/CASE_NO_TARGETS|No subscribed group/);
      expect((await bed.cases.service.get(draft.id))?.status).toBe("draft");
      expect(await bed.cases.outbox.broadcasts(draft.id)).toHaveLength(0);
      const { broadcast } = await bed.cases.service.publish(draft.id, {
        by: "test",
        tags: ["外科"],
      });
      expect(await bed.cases.outbox.rows(broadcast.id)).toHaveLength(1);
      await expect(bed.cases.service.publish(draft.id, { by: "test" })).rejects.toThrow(
        /already published/,
      );
      await expect(bed.cases.service.edit(draft.id, { title: "改" })).rejects.toThrow(
        /published and cannot change/,
      );
    });
  },
);
