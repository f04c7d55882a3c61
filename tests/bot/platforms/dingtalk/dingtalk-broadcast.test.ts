import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SendError } from "../../../../bot/kernel/sender.js";
import type { DingTalkSender } from "../../../../bot/platforms/dingtalk/dingtalk-sender.js";
import { type CaseTestbed, openCaseTestbed, SAMPLE_CASE } from "../../../helpers/case-testbed.js";
import { FakeClock } from "../../../helpers/fake-clock.js";
import {
  type DingTalkPost,
  type FakeDingTalk,
  startFakeDingTalk,
} from "../../../helpers/fake-dingtalk/fake-dingtalk.js";
import { type Harness, makeSender, postsTo, startHarness } from "./dingtalk-harness.js";

const groups = (n: number, tag: string) =>
  Array.from({ length: n }, (_, i) => `cid${tag}${String(i).padStart(4, "0")}==`);

/** The most calls any 1-second window of the emulator's clock saw. */
function busiestSecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[end] ?? 0) - (sorted[start] ?? 0) >= 1_000) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

describe("case-notice broadcast over the DingTalk server API (the bot's dispatcher on a fake clock)", () => {
  let clock: FakeClock;
  let bed: CaseTestbed;
  let api: FakeDingTalk;
  let sender: DingTalkSender;

  beforeAll(async () => {
    clock = new FakeClock();
    bed = await openCaseTestbed(clock);
    // The emulator measures DingTalk's limits on the same clock the dispatcher paces by.
    api = await startFakeDingTalk({ now: clock.now });
    sender = makeSender(api);
  });
  afterEach(() => {
    api.override = undefined;
  });
  afterAll(async () => {
    await api.close();
    bed.cleanup();
  });

  async function publish(tag: string): Promise<number> {
    const draft = await bed.cases.service.draft(SAMPLE_CASE, { by: "test" });
    await bed.cases.service.publish(draft.id, { by: "test", tags: [tag] });
    return draft.id;
  }

  it("reaches 200 groups within 20 calls a second per API and 20 messages a minute per group, each once", async () => {
    const chats = groups(200, "A");
    await bed.subscribe("dingtalk", chats, ["a"]);
    const id = await publish("a");
    const started = clock.now();
    const mark = api.posts.length;
    await bed.dispatcher({ dingtalk: sender }).drain();

    const posts = api.posts.slice(mark);
    expect(api.throttledCalls()).toBe(0);
    expect(api.groupRateViolations()).toEqual([]);
    const cards = posts.filter((p) => p.kind === "card");
    expect(cards.map((p) => p.chatId).sort()).toEqual([...chats].sort());
    expect(new Set(cards.map((p) => p.outTrackId)).size).toBe(200);
    const perGroup = new Map<string, DingTalkPost[]>();
    for (const p of posts) perGroup.set(p.chatId, [...(perGroup.get(p.chatId) ?? []), p]);
    const shapes = new Set([...perGroup.values()].map((ps) => ps.map((p) => p.kind).join(",")));
    expect(shapes.size).toBe(1);
    expect([...shapes][0]?.endsWith("card")).toBe(true);
    for (const card of cards) {
      expect(card.buttons.find((b) => b.text === "已阅并知晓")?.params.data).toBe(`case:ack:${id}`);
      expect(card.via).toBe("api");
    }
    for (const kind of ["card", "markdown"] as const) {
      expect(
        busiestSecond(posts.filter((p) => p.kind === kind).map((p) => p.at)),
      ).toBeLessThanOrEqual(20);
    }
    // 200 sends 60 ms apart: the pace is the descriptor's, not the network's.
    expect(clock.now() - started).toBeGreaterThanOrEqual(199 * 60);
    expect(await bed.cases.service.status(id)).toMatchObject({ sent: 200, pending: 0, failed: 0 });
    const rows = await bed.cases.outbox.rows((await bed.cases.outbox.broadcasts(id))[0]?.id ?? -1);
    for (const row of rows)
      expect(row.messageIds.at(-1)).toBe(cards.find((c) => c.chatId === row.chatId)?.outTrackId);
  });

  it("honours DingTalk's throttle (403 QpsLimitForAppkeyAndApi): waits, then delivers each group once", async () => {
    const chats = groups(12, "B");
    await bed.subscribe("dingtalk", chats, ["b"]);
    const id = await publish("b");
    let refused = 0;
    api.override = (call) => {
      if (call.path !== "/v1.0/card/instances/createAndDeliver" || refused >= 5) return undefined;
      refused++;
      return {
        status: 403,
        body: {
          code: "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi",
          message: "调用接口超过应用QPS限流",
        },
      };
    };
    const sleepsBefore = clock.sleeps.length;
    await bed.dispatcher({ dingtalk: sender }).drain();
    expect(refused).toBe(5);
    expect(clock.sleeps.slice(sleepsBefore).some((ms) => ms >= 900)).toBe(true);
    for (const chat of chats)
      expect(postsTo(api, chat).filter((p) => p.kind === "card")).toHaveLength(1);
    expect(await bed.cases.service.status(id)).toMatchObject({ sent: 12, failed: 0, pending: 0 });
  });

  it("deactivates a group that removed the robot, and keeps sending to the others", async () => {
    const [gone, fine] = groups(2, "C");
    await bed.subscribe("dingtalk", [gone ?? "", fine ?? ""], ["c"]);
    api.removedFrom.add(gone ?? "");
    const id = await publish("c");
    await bed.dispatcher({ dingtalk: sender }).drain();
    expect(await bed.chats.get("dingtalk", gone ?? "")).toMatchObject({
      subscribed: false,
      deactivatedReason: expect.stringMatching(/notExsit|robot not in group/),
    });
    expect((await bed.chats.get("dingtalk", fine ?? ""))?.subscribed).toBe(true);
    expect(await bed.cases.service.status(id)).toMatchObject({ sent: 1, failed: 1 });
  });

  it("classifies a staff member DingTalk does not know as permanent, an expired token as transient", async () => {
    api.unknownStaff.add("left01");
    const attempt = sender.send(
      "left01",
      { sections: [{ kind: "text", text: "提醒" }] },
      { outboxId: 0 },
    );
    await expect(attempt).rejects.toBeInstanceOf(SendError);
    await expect(attempt).rejects.toMatchObject({ failure: { kind: "permanent" } });
    api.override = (call) =>
      call.path === "/v1.0/robot/oToMessages/batchSend"
        ? { status: 401, body: { code: "InvalidAuthentication", message: "不合法的access_token" } }
        : undefined;
    await expect(
      sender.send("nurse02", { sections: [{ kind: "text", text: "提醒" }] }, { outboxId: 0 }),
    ).rejects.toMatchObject({ failure: { kind: "transient" } });
    api.override = undefined;
    // The refused token was dropped: the next send fetches a new one and goes through.
    const tokens = api.calls.filter((c) => c.path === "/v1.0/oauth2/accessToken").length;
    await sender.send("nurse02", { sections: [{ kind: "text", text: "提醒" }] }, { outboxId: 0 });
    expect(api.calls.filter((c) => c.path === "/v1.0/oauth2/accessToken")).toHaveLength(tokens + 1);
  });

  it("after a crash mid-send, recognises the card it already put in the group instead of posting it twice", async () => {
    const [first, second] = groups(2, "D");
    await bed.subscribe("dingtalk", [first ?? "", second ?? ""], ["d"]);
    const id = await publish("d");
    const rows = await bed.cases.outbox.rows((await bed.cases.outbox.broadcasts(id))[0]?.id ?? -1);
    const row = rows.find((r) => r.chatId === first);
    const notice = await bed.cases.service.get(id);
    expect(notice).toBeDefined();
    // The crashed process had sent this row's message but died before recording it.
    const { renderNotice } = await import("../../../../bot/features/cases/render-notice.js");
    await sender.send(first ?? "", renderNotice(notice!, "zh"), { outboxId: row?.id ?? -1 });
    for (const r of rows) await bed.cases.outbox.claim(r.id, "crashed-host:1");
    await bed.dispatcher({ dingtalk: sender }).drain();
    expect(postsTo(api, first ?? "").filter((p) => p.kind === "card")).toHaveLength(1);
    expect(postsTo(api, second ?? "").filter((p) => p.kind === "card")).toHaveLength(1);
    expect(await bed.cases.service.status(id)).toMatchObject({ sent: 2, pending: 0, failed: 0 });
  });

  describe("with the adapter connected", () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness(api, bed.handle);
    });
    afterAll(async () => {
      await h?.stop();
    });

    it("已阅并知晓 counts once, redelivery included, and tells each press privately", async () => {
      const [ward] = groups(1, "E");
      await bed.subscribe("dingtalk", [ward ?? ""], ["e"]);
      const id = await publish("e");
      await bed.dispatcher({ dingtalk: sender }).drain();
      const card = postsTo(api, ward ?? "").find((p) => p.kind === "card");
      expect(card).toBeDefined();
      const nurse = "nurse11";
      await api.press(card!, "已阅并知晓", nurse, { messageId: "ack-frame-1" });
      await api.press(card!, "已阅并知晓", nurse, { messageId: "ack-frame-1" });
      await api.press(card!, "已阅并知晓", nurse, { messageId: "ack-frame-2" });
      await h.spy.waitForEvents((e) => e.user.id === nurse, 3);
      await h.spy.settled();
      expect((await bed.cases.service.status(id)).acknowledged).toBe(1);
      expect(postsTo(api, nurse).map((p) => p.text)).toEqual([
        "已记录：您已阅读并知晓本通报。",
        "您已确认过，无需重复。",
      ]);
      // The group sees nothing of a member's press.
      expect(postsTo(api, ward ?? "").filter((p) => p.at > (card?.at ?? 0))).toEqual([]);
      expect(h.spy.events.filter((e) => e.user.id === nurse)[0]).toMatchObject({
        type: "action",
        chat: { id: ward, type: "group" },
        data: `case:ack:${id}`,
      });
    });
  });
});
