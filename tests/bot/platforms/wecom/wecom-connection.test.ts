import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { type RunningServices, runServices } from "../../../../bot/app/run-services.js";
import { PlatformStartError } from "../../../../bot/kernel/platform-adapter.js";
import { WecomConnection } from "../../../../bot/platforms/wecom/wecom-connection.js";
import { type FakeWecom, startFakeWecom } from "../../../helpers/fake-wecom/index.js";
import { waitUntil } from "../../../helpers/fake-wecom/wait-until.js";
import { startWecomBot, type WecomBot } from "../../../helpers/fake-wecom/wecom-bot.js";

/** Everything a test opened, closed after it whatever happened. */
const opened: { close(): Promise<void> | void }[] = [];
afterEach(async () => {
  for (const o of opened.splice(0).reverse()) await o.close();
});

async function emulator(): Promise<FakeWecom> {
  const fake = await startFakeWecom();
  opened.push(fake);
  return fake;
}

async function bot(fake: FakeWecom, options: Parameters<typeof startWecomBot>[1] = {}) {
  const b = await startWecomBot(fake, options);
  opened.push(b);
  return b;
}

async function readyz(services: RunningServices): Promise<number> {
  const address = services.server?.address() as AddressInfo | undefined;
  return (await fetch(`http://127.0.0.1:${address?.port}/readyz`)).status;
}

const sdkDelays = (b: WecomBot) =>
  b.logs
    .map((l) => /reconnecting in (\d+)ms/.exec(String(l.fields?.detail ?? ""))?.[1])
    .filter((d): d is string => d !== undefined)
    .map(Number);

describe("the WeCom long connection", () => {
  it("reconnects with backoff after a drop, is not ready meanwhile, and answers the next message", async () => {
    const fake = await emulator();
    const b = await bot(fake, { start: false });
    const services = await runServices({
      adapters: b.bot.adapters,
      port: 0,
      host: "127.0.0.1",
      log: () => {},
    });
    opened.push({ close: () => services.stop() });
    expect(await readyz(services)).toBe(200);

    let readyWhenLost: boolean | undefined;
    b.onLog((line) => {
      if (line.msg === "wecom connection lost; reconnecting") readyWhenLost = b.adapter.ready();
    });
    fake.refuseConnections = true;
    fake.dropConnection();
    await b.waitForLog((l) => l.msg === "wecom connection lost; reconnecting");
    expect(readyWhenLost).toBe(false);
    // WeCom stays unreachable for three attempts: /readyz says so, and the pauses grow.
    await waitUntil(() => fake.refused() >= 3, "three refused reconnects");
    expect(await readyz(services)).toBe(503);
    expect(b.adapter.ready()).toBe(false);
    const delays = sdkDelays(b);
    expect(delays.slice(0, 3)).toEqual([5, 10, 20]);

    fake.refuseConnections = false;
    await fake.waitForSubscriptions(2);
    await waitUntil(() => b.adapter.ready(), "ready again");
    expect(await readyz(services)).toBe(200);
    expect(b.logs.some((l) => l.msg === "wecom reconnected")).toBe(true);

    const asked = fake.pushMessage({ userId: "ChenBa", text: "药代请我吃饭可以吗？" });
    const answer = await fake.waitForDelivered((d) => d.chatId === "ChenBa");
    expect(answer.content).toMatch(/^\*\*🚫 禁止\*\*/);
    const reply = fake.frames.find((f) => f.reqId === asked.headers.req_id);
    expect(reply?.connection).toBe(fake.connections());
  });

  it("ends a connection whose pings go unanswered and subscribes again", async () => {
    const fake = await emulator();
    const b = await bot(fake, { tuning: { reconnectBaseMs: 5, heartbeatMs: 50 } });
    fake.answerPings = false;
    await b.waitForLog((l) => l.msg === "wecom connection lost; reconnecting");
    fake.answerPings = true;
    await fake.waitForSubscriptions(2);
    await waitUntil(() => b.adapter.ready(), "ready again");
    const pings = fake.frames.filter((f) => f.cmd === "ping" && f.connection === 1);
    // Two unanswered pings, then the SDK gives the connection up.
    expect(pings.length).toBeGreaterThanOrEqual(2);
  });

  it("drops a frame over 1 MiB with its connection, reconnects and answers the next message", async () => {
    const fake = await emulator();
    const b = await bot(fake);
    fake.pushRaw(JSON.stringify({ cmd: "aibot_msg_callback", pad: "问".repeat(400_000) }));
    await b.waitForLog((l) => l.msg === "wecom connection lost; reconnecting");
    await fake.waitForSubscriptions(2);
    await waitUntil(() => b.adapter.ready(), "ready again");
    fake.pushMessage({ userId: "HugeAfter", text: "药代请我吃饭可以吗？" });
    const answer = await fake.waitForDelivered((d) => d.chatId === "HugeAfter");
    expect(answer.content).toMatch(/^\*\*🚫 禁止\*\*/);
    expect(b.events.map((e) => e.user.id)).toEqual(["HugeAfter"]);
  });

  it("keeps one live connection per bot: a second subscribe disconnects the first, which stays down", async () => {
    const fake = await emulator();
    const first = await bot(fake);
    const second = new WecomConnection({
      botId: fake.botId,
      secret: fake.secret,
      wsUrl: fake.wsUrl,
      log: () => {},
      timeoutMs: 5_000,
      reconnectBaseMs: 5,
    });
    opened.push({ close: () => second.close() });
    await second.open();
    const kicked = await first.waitForLog(
      (l) => l.level === "error" && /another connection/.test(l.msg),
    );
    expect(String(kicked.fields?.hint)).toMatch(/one `qingfeng start` per WECOM_BOT_ID/);
    expect(first.adapter.ready()).toBe(false);
    expect(second.up).toBe(true);
    // Had the first fought back, it would have reconnected within a few of its 5 ms pauses.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fake.connections()).toBe(2);
    expect(fake.subscriptions()).toBe(2);
    expect(first.adapter.ready()).toBe(false);
  });

  it("refuses to start with a wrong secret, naming the keys to fix, without retrying by itself", async () => {
    const fake = await emulator();
    const b = await bot(fake, { start: false, secret: "not-the-secret" });
    const error = await b.adapter.start().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PlatformStartError);
    expect((error as PlatformStartError).code).toBe("PLATFORM_REJECTED");
    expect((error as Error).message).toMatch(/WECOM_BOT_ID and WECOM_BOT_SECRET/);
    expect(b.connection.opened).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fake.frames.filter((f) => f.cmd === "aibot_subscribe")).toHaveLength(1);
  });

  it("reports WeCom unreachable at start as retryable, and starts on the next attempt", async () => {
    const fake = await emulator();
    const b = await bot(fake, { start: false });
    fake.refuseConnections = true;
    const error = await b.adapter.start().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((error as PlatformStartError).code).toBe("PLATFORM_UNREACHABLE");
    expect((error as PlatformStartError).retryable).toBe(true);
    expect(b.adapter.ready()).toBe(false);
    fake.refuseConnections = false;
    await b.adapter.start();
    expect(b.adapter.ready()).toBe(true);
    expect(fake.subscriptions()).toBe(1);
  });
});
