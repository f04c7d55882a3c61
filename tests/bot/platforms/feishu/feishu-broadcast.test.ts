import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { RateGates } from "../../../../bot/features/broadcast/rate-gates.js";
import { createFeishuClient } from "../../../../bot/platforms/feishu/feishu-client.js";
import { FeishuSender } from "../../../../bot/platforms/feishu/feishu-sender.js";
import { feishuPlatform } from "../../../../bot/platforms/feishu/index.js";
import { type CaseTestbed, openCaseTestbed, SAMPLE_CASE } from "../../../helpers/case-testbed.js";
import { FakeClock } from "../../../helpers/fake-clock.js";
import {
  cardButtons,
  cardTexts,
  FAKE_APP,
  type FakeFeishu,
  startFakeFeishu,
} from "../../../helpers/fake-feishu/index.js";
import { busiestWindow } from "../../../helpers/fake-feishu/rate-windows.js";

const groups = (n: number, prefix: string) =>
  Array.from({ length: n }, (_, i) => `oc_${prefix}_${String(i).padStart(3, "0")}`);

describe("case-notice broadcast through im/v1/messages (real SDK Client against the emulator)", () => {
  let clock: FakeClock;
  let bed: CaseTestbed;
  let fake: FakeFeishu;
  let sender: FeishuSender;

  beforeAll(async () => {
    clock = new FakeClock();
    bed = await openCaseTestbed(clock);
    // The emulator measures Feishu's limits on the same clock the dispatcher paces by.
    fake = await startFakeFeishu({ now: clock.now });
    const client = createFeishuClient({
      ...FAKE_APP,
      domain: fake.domain,
      log: () => {},
      timeoutMs: 5_000,
    });
    sender = new FeishuSender(client);
  });
  afterEach(() => {
    fake.api.override = undefined;
  });
  afterAll(async () => {
    await fake.close();
    bed.cleanup();
  });

  async function publish(tag: string, title = SAMPLE_CASE.title): Promise<number> {
    const draft = await bed.cases.service.draft({ ...SAMPLE_CASE, title }, { by: "test" });
    await bed.cases.service.publish(draft.id, { by: "test", tags: [tag] });
    return draft.id;
  }
  const to = (chatId: string) => fake.api.messages.filter((m) => m.chat_id === chatId);

  it("sends two notices to 200 groups within 50/s per app and 5/s per group, each once", async () => {
    const chats = groups(200, "wide");
    await bed.subscribe("feishu", chats, ["wide"]);
    const ids = [await publish("wide", "通报第1号"), await publish("wide", "通报第2号")];
    await bed.dispatcher({ feishu: sender }).drain();

    const sent = fake.api.messages.filter((m) => chats.includes(m.chat_id));
    expect(sent).toHaveLength(400);
    // The emulator enforces Feishu's limits on the dispatcher's clock: not one send was refused.
    expect(fake.api.limitHits).toEqual([]);
    expect(
      busiestWindow(
        sent.map((m) => m.at),
        1_000,
      ),
    ).toBeLessThanOrEqual(50);
    for (const chat of chats) {
      const got = to(chat);
      expect(
        busiestWindow(
          got.map((m) => m.at),
          1_000,
        ),
      ).toBeLessThanOrEqual(5);
      // Each notice once, no copies.
      expect(got.map((m) => cardTexts(m.card)[0]).sort()).toEqual([
        "典型案例通报：通报第1号",
        "典型案例通报：通报第2号",
      ]);
    }
    expect(new Set(sent.map((m) => m.uuid)).size).toBe(400);
    for (const id of ids)
      expect(await bed.cases.service.status(id)).toMatchObject({ sent: 200, failed: 0 });
    const card = sent[0]?.card ?? {};
    expect(cardButtons(card).map((b) => b.label)).toEqual(["相关条款", "已阅并知晓"]);
  });

  it("keeps a long broadcast under 1,000 a minute (the descriptor's spacing, by the dispatcher's own gates)", () => {
    // 3,000 sends to 3,000 chats, each as early as the gates allow, on a virtual clock.
    const gates = new RateGates(new Map([["feishu", feishuPlatform.limits]]));
    const times: number[] = [];
    let now = 0;
    for (let i = 0; i < 3_000; i++) {
      now += gates.waitMs("feishu", `oc_${i}`, now);
      // A timer that fires a little late, now and then, as real ones do.
      if (i % 7 === 0) now += 3;
      gates.take("feishu", `oc_${i}`, now);
      times.push(now);
    }
    expect(busiestWindow(times, 60_000)).toBeLessThanOrEqual(1_000);
    expect(busiestWindow(times, 1_000)).toBeLessThanOrEqual(50);
  });

  it("paces many notices to one group at no more than 5 a second", async () => {
    const [chat] = groups(1, "busy");
    await bed.subscribe("feishu", [chat ?? ""], ["busy"]);
    for (let n = 1; n <= 12; n++) await publish("busy", `群内通报${n}`);
    await bed.dispatcher({ feishu: sender }).drain();
    const got = to(chat ?? "");
    expect(got).toHaveLength(12);
    expect(
      busiestWindow(
        got.map((m) => m.at),
        1_000,
      ),
    ).toBeLessThanOrEqual(5);
    expect(fake.api.limitHits).toEqual([]);
  });

  it("honours a 429 for x-ogw-ratelimit-reset seconds and sends again with the same uuid", async () => {
    const chats = groups(3, "limited");
    await bed.subscribe("feishu", chats, ["limited"]);
    const id = await publish("limited");
    let limitedAt: number | undefined;
    fake.api.override = (call) => {
      if (call.path !== "/open-apis/im/v1/messages" || limitedAt !== undefined) return undefined;
      limitedAt = call.at;
      return {
        status: 429,
        headers: { "x-ogw-ratelimit-limit": "50", "x-ogw-ratelimit-reset": "7" },
        body: { code: 99991400, msg: "request trigger frequency limit" },
      };
    };
    const mark = clock.sleeps.length;
    const callsBefore = fake.api.calls.length;
    await bed.dispatcher({ feishu: sender }).drain();
    expect(limitedAt).toBeDefined();
    expect(clock.sleeps.slice(mark).some((ms) => ms >= 6_900)).toBe(true);
    const creates = fake.api.calls
      .slice(callsBefore)
      .filter((c) => c.path === "/open-apis/im/v1/messages");
    const refused = creates[0];
    const retry = creates.find((c, i) => i > 0 && c.body.uuid === refused?.body.uuid);
    expect(retry?.at).toBeGreaterThanOrEqual((limitedAt ?? 0) + 7_000);
    // Nothing reached the platform in the pause.
    expect(creates.filter((c) => c.at < (limitedAt ?? 0) + 7_000)).toHaveLength(1);
    for (const chat of chats) expect(to(chat)).toHaveLength(1);
    expect(await bed.cases.service.status(id)).toMatchObject({ sent: 3, failed: 0 });
  });

  it("a group's own 5/s limit (230020) is waited out too", async () => {
    const [chat] = groups(1, "chatlimit");
    await bed.subscribe("feishu", [chat ?? ""], ["chatlimit"]);
    await publish("chatlimit");
    let refused = 0;
    fake.api.override = (call) => {
      if (call.path !== "/open-apis/im/v1/messages" || refused > 0) return undefined;
      refused++;
      return {
        status: 400,
        body: { code: 230020, msg: "This operation triggers the frequency limit." },
      };
    };
    const mark = clock.sleeps.length;
    await bed.dispatcher({ feishu: sender }).drain();
    expect(refused).toBe(1);
    expect(clock.sleeps.slice(mark).some((ms) => ms >= 900)).toBe(true);
    expect(to(chat ?? "")).toHaveLength(1);
  });

  it("a group that removed the bot or was dissolved is unsubscribed with the reason; the others get the notice", async () => {
    const [removed, dissolved, fine] = groups(3, "gone");
    await bed.subscribe("feishu", [removed, dissolved, fine] as string[], ["gone"]);
    fake.api.chats.set(removed ?? "", { mode: "group", state: "removed" });
    fake.api.chats.set(dissolved ?? "", { mode: "group", state: "dissolved" });
    const id = await publish("gone");
    await bed.dispatcher({ feishu: sender }).drain();
    expect(await bed.chats.get("feishu", removed ?? "")).toMatchObject({
      subscribed: false,
      deactivatedReason: expect.stringContaining("230002"),
    });
    expect(await bed.chats.get("feishu", dissolved ?? "")).toMatchObject({
      subscribed: false,
      deactivatedReason: expect.stringContaining("232009"),
    });
    expect((await bed.chats.get("feishu", fine ?? ""))?.subscribed).toBe(true);
    expect(await bed.cases.service.status(id)).toMatchObject({ sent: 1, failed: 2 });
  });

  it("a network-level failure (HTTP 500) is retried later and delivered once", async () => {
    const [chat] = groups(1, "flaky");
    await bed.subscribe("feishu", [chat ?? ""], ["flaky"]);
    const id = await publish("flaky");
    let failed = 0;
    fake.api.override = (call) => {
      if (call.path !== "/open-apis/im/v1/messages" || failed > 0) return undefined;
      failed++;
      return { status: 500, body: { code: 2200, msg: "Internal Error" } };
    };
    await bed.dispatcher({ feishu: sender }).drain();
    expect(failed).toBe(1);
    expect(to(chat ?? "")).toHaveLength(1);
    expect(await bed.cases.service.status(id)).toMatchObject({ sent: 1, failed: 0 });
  });

  it("after a crash between sending and recording, the repeated send returns the posted message (uuid) instead of a copy", async () => {
    const chats = groups(2, "crash");
    await bed.subscribe("feishu", chats, ["crash"]);
    const id = await publish("crash");
    const rows = await bed.cases.outbox.rows((await bed.cases.outbox.broadcasts(id))[0]?.id ?? -1);
    const first = rows.find((r) => r.chatId === chats[0]);
    // The crashed process had posted to the first group but died before recording it.
    const posted = await sender.send(
      chats[0] ?? "",
      { sections: [{ kind: "text", text: "notice" }] },
      { outboxId: first?.id ?? -1 },
    );
    for (const r of rows) await bed.cases.outbox.claim(r.id, "crashed-host:1");
    await bed.dispatcher({ feishu: sender }).drain();
    expect(to(chats[0] ?? "")).toHaveLength(1);
    expect(to(chats[1] ?? "")).toHaveLength(1);
    const after = await bed.cases.outbox.rows((await bed.cases.outbox.broadcasts(id))[0]?.id ?? -1);
    expect(after.find((r) => r.id === first?.id)?.messageIds).toEqual(posted.messageIds);
    expect(await bed.cases.service.status(id)).toMatchObject({ sent: 2, pending: 0 });
  });
});
