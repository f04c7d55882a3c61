import { EventEmitter } from "node:events";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Handle } from "../../../../bot/kernel/handle.js";
import { PlatformStartError } from "../../../../bot/kernel/platform-adapter.js";
import {
  type FakeDingTalk,
  startFakeDingTalk,
} from "../../../helpers/fake-dingtalk/fake-dingtalk.js";
import { type Harness, postsTo, startHarness } from "./dingtalk-harness.js";

/** A core that echoes: enough to see that a message got through and was answered. */
const echo: Handle = async (event, reply) => {
  if (event.type === "message")
    await reply.send({ sections: [{ kind: "text", text: `收到：${event.text}` }] });
};

/** The reconnect loop's sleeps, held until the test lets each one end: no real waiting. */
class HeldSleeps {
  readonly delays: number[] = [];
  private readonly waiting: (() => void)[] = [];
  private readonly events = new EventEmitter();

  readonly sleep = (ms: number): Promise<void> => {
    this.delays.push(ms);
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.events.emit("sleep");
    });
  };

  /** Resolves once the loop is asleep. */
  asleep(): Promise<void> {
    if (this.waiting.length > 0) return Promise.resolve();
    return new Promise((resolve) => this.events.once("sleep", () => resolve()));
  }

  /** Ends the current sleep: the loop makes its next attempt. */
  wake(): void {
    this.waiting.shift()?.();
  }
}

const answered = (api: FakeDingTalk, user: string, text: string) =>
  api.waitForPost((p) => p.chatId === user && p.text === `收到：${text}`);

describe("DingTalk Stream connection: drops, reconnects, readiness", () => {
  let api: FakeDingTalk;
  let h: Harness | undefined;
  let sleeps: HeldSleeps;

  beforeEach(async () => {
    api = await startFakeDingTalk();
    sleeps = new HeldSleeps();
  });
  afterEach(async () => {
    await h?.stop();
    h = undefined;
    await api.close();
  });

  it("is not ready while the connection is down, backs off 1 s, 2 s, 4 s, and answers the next message once back", async () => {
    h = await startHarness(api, echo, {
      timing: { sleep: sleeps.sleep, initialDelayMs: 1_000, maxDelayMs: 8_000, heartbeatMs: 0 },
    });
    await api.say({ chat: "dm", user: { staffId: "u1" }, text: "第一问" });
    await answered(api, "u1", "第一问");

    api.gatewayDown = true;
    api.drop();
    await sleeps.asleep();
    expect(h.adapter.ready()).toBe(false);
    sleeps.wake(); // attempt 1: the gateway answers 503
    await sleeps.asleep();
    expect(h.adapter.ready()).toBe(false);
    sleeps.wake(); // attempt 2: still down
    await sleeps.asleep();
    api.gatewayDown = false;
    sleeps.wake(); // attempt 3: back
    await api.waitForConnections(2);
    await vi.waitFor(() => expect(h?.adapter.ready()).toBe(true));

    expect(sleeps.delays).toEqual([1_000, 2_000, 4_000]);
    expect(
      h.logs.filter((l) => l.msg === "dingtalk stream reconnect failed; retrying"),
    ).toHaveLength(2);
    expect(h.logs.some((l) => l.msg === "dingtalk stream reconnected")).toBe(true);
    await api.say({ chat: "dm", user: { staffId: "u1" }, text: "第二问" });
    await answered(api, "u1", "第二问");
  });

  it("moves to a new connection when DingTalk announces a disconnect", async () => {
    h = await startHarness(api, echo, { timing: { sleep: async () => {}, heartbeatMs: 0 } });
    api.announceDisconnect();
    await api.waitForConnections(2);
    await vi.waitFor(() => expect(h?.adapter.ready()).toBe(true));
    await api.say({ chat: "dm", user: { staffId: "u2" }, text: "轮换后" });
    await answered(api, "u2", "轮换后");
    expect(postsTo(api, "u2")).toHaveLength(1);
  });

  it("replaces a connection that stops answering pings (a half-dead socket)", async () => {
    let tick = () => {};
    h = await startHarness(api, echo, {
      timing: {
        sleep: sleeps.sleep,
        heartbeatMs: 10_000,
        every: (_ms, run) => {
          tick = run;
          return () => {};
        },
      },
    });
    api.answerPings = false;
    tick(); // a ping goes out and is never answered
    expect(h.adapter.ready()).toBe(true);
    tick(); // a whole interval without a sound: the socket is dropped
    await sleeps.asleep();
    expect(h.adapter.ready()).toBe(false);
    expect(
      h.logs.some((l) => l.msg === "dingtalk stream silent for a heartbeat; replacing it"),
    ).toBe(true);
    api.answerPings = true;
    sleeps.wake();
    await api.waitForConnections(2);
    await vi.waitFor(() => expect(h?.adapter.ready()).toBe(true));
    await api.say({ chat: "dm", user: { staffId: "u3" }, text: "心跳后" });
    await answered(api, "u3", "心跳后");
  });

  it("refuses to start with a wrong secret (not retried) and starts later when DingTalk is reachable again", async () => {
    const wrong = { ...api, clientSecret: "not-the-secret-0000000000" } as FakeDingTalk;
    await expect(startHarness(wrong, echo)).rejects.toMatchObject({
      code: "PLATFORM_REJECTED",
      message: expect.stringContaining("DINGTALK_CLIENT_SECRET"),
    });
    api.gatewayDown = true;
    const failed = await startHarness(api, echo).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(PlatformStartError);
    expect((failed as PlatformStartError).retryable).toBe(true);
    api.gatewayDown = false;
    h = await startHarness(api, echo);
    expect(h.adapter.ready()).toBe(true);
  });

  it("is not ready after stop, and a stop during a reconnect ends it", async () => {
    h = await startHarness(api, echo, { timing: { sleep: sleeps.sleep, heartbeatMs: 0 } });
    api.gatewayDown = true;
    api.drop();
    await sleeps.asleep();
    await h.stop();
    expect(h.adapter.ready()).toBe(false);
    const calls = api.calls.length;
    sleeps.wake();
    await new Promise((resolve) => setImmediate(resolve));
    expect(api.calls.length).toBe(calls);
    h = undefined;
  });
});
