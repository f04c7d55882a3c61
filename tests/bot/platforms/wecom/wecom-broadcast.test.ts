import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { BROADCAST, type Dispatcher } from "../../../../bot/features/broadcast/ports.js";
import { CASES, type CaseSystem } from "../../../../bot/features/cases/ports.js";
import { CHATS } from "../../../../bot/kernel/ports.js";
import { SendError } from "../../../../bot/kernel/sender.js";
import { wecomPlatform } from "../../../../bot/platforms/wecom/index.js";
import { WecomConnection } from "../../../../bot/platforms/wecom/wecom-connection.js";
import {
  NOT_HOLDING_CONNECTION_WAIT_MS,
  WecomSender,
} from "../../../../bot/platforms/wecom/wecom-sender.js";
import { SAMPLE_CASE } from "../../../helpers/case-testbed.js";
import { FakeClock } from "../../../helpers/fake-clock.js";
import {
  type BotFrame,
  type FakeWecom,
  startFakeWecom,
} from "../../../helpers/fake-wecom/index.js";
import { waitUntil } from "../../../helpers/fake-wecom/wait-until.js";
import { startWecomBot, type WecomBot } from "../../../helpers/fake-wecom/wecom-bot.js";

const sends = (w: FakeWecom, chatId?: string) =>
  w.frames.filter(
    (f) => f.cmd === "aibot_send_msg" && (chatId === undefined || f.body.chatid === chatId),
  );
const deliveredTo = (w: FakeWecom, chatId: string) =>
  w.delivered.filter((d) => d.chatId === chatId);

/** The most frames at or after each frame within `windowMs` (a sliding window over arrival times). */
function busiest(frames: BotFrame[], windowMs: number): number {
  const times = frames.map((f) => f.at).sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while ((times[i] ?? 0) - (times[j] ?? 0) >= windowMs) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe("case-notice broadcasts to WeCom groups (real SDK over the emulated connection)", () => {
  let clock: FakeClock;
  let wecom: FakeWecom;
  let b: WecomBot;
  let cases: CaseSystem;

  beforeAll(async () => {
    clock = new FakeClock();
    wecom = await startFakeWecom({ now: clock.now });
    b = await startWecomBot(wecom, { now: clock.now });
    cases = b.bot.services.get(CASES);
  });
  afterEach(() => {
    wecom.override = undefined;
  });
  afterAll(async () => {
    await b?.close();
    await wecom?.close();
  });

  let batch = 0;

  /** Subscribes the groups under a tag of their own and publishes the sample notice to that tag. */
  async function publishTo(ids: string[]): Promise<number> {
    const tag = `batch${++batch}`;
    const chats = b.bot.services.get(CHATS);
    for (const id of ids) {
      await chats.seen("wecom", { id, type: "group", title: id });
      await chats.subscribe("wecom", id, [tag], "test");
      wecom.knownChats.add(id); // someone wrote to the bot there, as WeCom requires
    }
    const draft = await cases.service.draft(SAMPLE_CASE, { by: "test" });
    await cases.service.publish(draft.id, { by: "test", tags: [tag] });
    return draft.id;
  }

  function dispatcher(): Dispatcher {
    return b.bot.services.get(BROADCAST).dispatcher({
      senders: new Map([["wecom", b.sender]]),
      limits: new Map([["wecom", wecomPlatform.limits]]),
      clock,
    });
  }

  it("sends a notice to 200 groups once each, within WeCom's per-chat quota and Qingfeng's per-bot pace", async () => {
    const groups = Array.from({ length: 200 }, (_, i) => `wrWARD${String(i).padStart(3, "0")}`);
    const id = await publishTo(groups);
    const started = clock.now();
    await dispatcher().drain();

    for (const g of groups) {
      const got = deliveredTo(wecom, g);
      expect(got.map((d) => d.msgtype)).toEqual(["markdown", "template_card"]);
      expect(got[0]?.content).toContain(SAMPLE_CASE.title);
      expect(got[1]?.card?.button_list.map((x) => x.key)).toContain(`1:case:ack:${id}`);
    }
    const frames = sends(wecom);
    expect(frames).toHaveLength(400);
    // Nothing refused: no 45009 (WeCom's 30 a minute per chat was never reached), no other error.
    expect(frames.every((f) => f.errcode === 0)).toBe(true);
    // Per bot: sends (a markdown and its card) at most 20 a second, one catch-up slot allowed.
    const markdowns = frames.filter((f) => f.body.msgtype === "markdown");
    expect(busiest(markdowns, 1_000)).toBeLessThanOrEqual(21);
    expect(clock.now() - started).toBeGreaterThanOrEqual(199 * 45);
    expect(await cases.service.status(id)).toMatchObject({ sent: 200, failed: 0, pending: 0 });
  });

  it("records 已阅并知晓 once when the press is redelivered, and says so on the presser's card", async () => {
    const id = await publishTo(["wrACK"]);
    await dispatcher().drain();
    const card = deliveredTo(wecom, "wrACK").find((d) => d.card)?.card;
    const key = card?.button_list.find((x) => x.key.endsWith(`case:ack:${id}`))?.key ?? "";
    const press = { userId: "NurseLi", chatId: "wrACK", key, taskId: card?.task_id ?? "" };
    wecom.pushCardPress({ ...press, msgid: "evt-ack-1" });
    wecom.pushCardPress({ ...press, msgid: "evt-ack-1" });
    await waitUntil(() => b.events.filter((e) => e.deliveryId === "evt-ack-1").length === 2);
    await b.settled();
    expect((await cases.service.status(id)).acknowledged).toBe(1);
    const updates = wecom.cardUpdates.filter((u) => u.taskId === card?.task_id);
    expect(updates.map((u) => [u.userids, u.card.sub_title_text])).toEqual([
      [["NurseLi"], "已记录：您已阅读并知晓本通报。"],
    ]);
    // A second, real press is a new delivery: still one acknowledgement, and it is told so.
    wecom.pushCardPress({ ...press, msgid: "evt-ack-2" });
    await waitUntil(() => b.events.some((e) => e.deliveryId === "evt-ack-2"));
    await b.settled();
    expect((await cases.service.status(id)).acknowledged).toBe(1);
    expect(wecom.cardUpdates.at(-1)?.card.sub_title_text).toBe("您已确认过，无需重复。");
  });

  it("honours 45009: the bot pauses a minute, then sends that group once", async () => {
    const id = await publishTo(["wrRATE1", "wrRATE2"]);
    let refused = 0;
    wecom.override = (frame) => {
      if (frame.cmd !== "aibot_send_msg" || frame.body.chatid !== "wrRATE1" || refused > 0)
        return undefined;
      refused++;
      return { errcode: 45009, errmsg: "api freq out of limit" };
    };
    const mark = clock.sleeps.length;
    await dispatcher().drain();
    expect(refused).toBe(1);
    expect(clock.sleeps.slice(mark).some((ms) => ms >= 59_000)).toBe(true);
    expect(deliveredTo(wecom, "wrRATE1").map((d) => d.msgtype)).toEqual([
      "markdown",
      "template_card",
    ]);
    expect(deliveredTo(wecom, "wrRATE2").map((d) => d.msgtype)).toEqual([
      "markdown",
      "template_card",
    ]);
    // The pause is for the whole bot: nothing went out within the minute after the refusal.
    const refusedAt = sends(wecom, "wrRATE1").find((f) => f.errcode === 45009)?.at ?? 0;
    const later = sends(wecom).filter((f) => f.at > refusedAt && f.errcode === 0);
    expect(later.every((f) => f.at >= refusedAt + 60_000)).toBe(true);
    expect(await cases.service.status(id)).toMatchObject({ sent: 2, failed: 0 });
  });

  it("resumes a send after the part that went out: a card refused once does not repeat the markdown", async () => {
    await publishTo(["wrHALF"]);
    let refused = false;
    wecom.override = (frame) => {
      if (refused || frame.body.chatid !== "wrHALF" || frame.body.msgtype !== "template_card")
        return undefined;
      refused = true;
      return { errcode: -1, errmsg: "system busy" };
    };
    await dispatcher().drain();
    expect(refused).toBe(true);
    expect(deliveredTo(wecom, "wrHALF").map((d) => d.msgtype)).toEqual([
      "markdown",
      "template_card",
    ]);
  });

  it("fails a group that is gone (86003) and deactivates its subscription", async () => {
    const id = await publishTo(["wrGONE", "wrSTAYS"]);
    wecom.goneChats.add("wrGONE");
    await dispatcher().drain();
    expect(await cases.service.status(id)).toMatchObject({ sent: 1, failed: 1 });
    expect(await b.bot.services.get(CHATS).get("wecom", "wrGONE")).toMatchObject({
      subscribed: false,
      deactivatedReason: expect.stringMatching(/errcode 86003/),
    });
    expect(sends(wecom, "wrGONE")).toHaveLength(1);
  });
});

describe("the WeCom sender without a connection of its own", () => {
  it("never opens a second connection: outside the running bot it defers, while reconnecting it waits seconds", async () => {
    const wecom = await startFakeWecom();
    try {
      const connection = new WecomConnection({
        botId: wecom.botId,
        secret: wecom.secret,
        wsUrl: wecom.wsUrl,
        log: () => {},
        timeoutMs: 5_000,
        reconnectBaseMs: 5,
      });
      const sender = new WecomSender(connection, () => {});
      const message = { sections: [{ kind: "text" as const, text: "通知" }] };
      const deferred = await sender.send("wrX", message, { outboxId: 1 }).catch((e: unknown) => e);
      expect(deferred).toBeInstanceOf(SendError);
      expect((deferred as SendError).failure).toEqual({
        kind: "rate-limited",
        retryAfterMs: NOT_HOLDING_CONNECTION_WAIT_MS,
      });
      expect(wecom.connections()).toBe(0);

      await connection.open();
      wecom.refuseConnections = true;
      wecom.dropConnection();
      await waitUntil(() => !connection.up, "connection down");
      const waiting = await sender.send("wrX", message, { outboxId: 2 }).catch((e: unknown) => e);
      expect((waiting as SendError).failure).toEqual({ kind: "rate-limited", retryAfterMs: 5_000 });
      connection.close();
    } finally {
      await wecom.close();
    }
  });
});
