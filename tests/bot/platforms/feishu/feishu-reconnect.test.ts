import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type RunningServices, runServices } from "../../../../bot/app/run-services.js";
import { cardTexts, type FakeChatRef } from "../../../helpers/fake-feishu/index.js";
import { type FeishuHarness, openFeishuHarness } from "./feishu-harness.js";

const NURSE = { openId: "ou_nurse000000000000000000000000002" };
const dm: FakeChatRef = { id: "oc_dm_reconnect", type: "p2p" };
const soon = { timeout: 10_000, interval: 5 };

describe("Feishu long connection: dropped, reconnected with backoff, serving again", () => {
  let h: FeishuHarness;
  let services: RunningServices;
  let readyz: () => Promise<number>;

  beforeAll(async () => {
    h = await openFeishuHarness();
    // As the app runs it: the supervisor starts the adapter, /readyz asks it.
    services = await runServices({
      adapters: [h.adapter],
      port: 0,
      host: "127.0.0.1",
      log: () => {},
      clock: h.clock,
    });
    const port = (services.server?.address() as AddressInfo | undefined)?.port;
    readyz = async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).status;
  });
  afterAll(async () => {
    await services?.stop();
    await h?.close();
  });

  it("is not ready while the connection is down, retries after 1, 2, 4, 8 s, then answers the next message", async () => {
    expect(await readyz()).toBe(200);
    const endpointCalls = () =>
      h.fake.api.calls.filter((c) => c.path === "/callback/ws/endpoint").length;
    const before = endpointCalls();

    h.fake.api.refuseConnections = true;
    h.fake.gateway.drop();
    await vi.waitFor(() => expect(h.adapter.ready()).toBe(false), soon);
    expect(await readyz()).toBe(503);

    // The emulator hands out a 120 s reconnect interval; the adapter's own backoff decides instead.
    const waits: (number | undefined)[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      await vi.waitFor(() => expect(h.scheduler.pending()).toBe(1), soon);
      waits.push(h.scheduler.fire());
      await vi.waitFor(() => expect(endpointCalls()).toBe(before + attempt), soon);
    }
    await vi.waitFor(() => expect(h.scheduler.pending()).toBe(1), soon);
    expect(h.adapter.ready()).toBe(false);

    h.fake.api.refuseConnections = false;
    waits.push(h.scheduler.fire());
    await vi.waitFor(() => expect(h.adapter.ready()).toBe(true), soon);
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(h.fake.gateway.accepted).toBe(2);
    expect(await readyz()).toBe(200);
    expect(h.logs.map((l) => l.msg)).toEqual(
      expect.arrayContaining(["feishu connection lost; reconnecting", "feishu reconnected"]),
    );

    await h.talk(dm, NURSE, "药代请我吃饭可以吗？");
    const answer = await h.fake.api.waitForMessage((m) => m.chat_id === dm.id);
    expect(cardTexts(answer.card)[0]).toBe("🚫 禁止");
  });

  it("stops promptly while waiting to reconnect", async () => {
    h.fake.gateway.drop();
    await vi.waitFor(() => expect(h.scheduler.pending()).toBe(1), soon);
    await h.adapter.stop();
    expect(h.scheduler.pending()).toBe(0);
    expect(h.adapter.ready()).toBe(false);
  });
});

describe("Feishu long connection: a connection dropped silently on the way", () => {
  let h: FeishuHarness;
  beforeAll(async () => {
    // Pings every 0.5 s (the endpoint's client config); no frame back within 0.25 s of one
    // is a dead connection (the watchdog must be shorter than the ping interval).
    h = await openFeishuHarness({
      fake: { clientConfig: { PingInterval: 0.5 } },
      adapter: { pingTimeoutSeconds: 0.25 },
    });
    await h.adapter.start();
  });
  afterAll(async () => {
    await h?.close();
  });

  it("is noticed when pings go unanswered, and reconnected", async () => {
    expect(h.adapter.ready()).toBe(true);
    h.fake.gateway.silent = true;
    await vi.waitFor(() => expect(h.adapter.ready()).toBe(false), soon);
    h.fake.gateway.silent = false;
    await vi.waitFor(() => expect(h.scheduler.pending()).toBe(1), soon);
    h.scheduler.fire();
    await vi.waitFor(() => expect(h.adapter.ready()).toBe(true), soon);
    expect(h.fake.gateway.accepted).toBeGreaterThanOrEqual(2);
  });
});
