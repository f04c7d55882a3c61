import { describe, expect, it } from "vitest";
import { PlatformSupervisor } from "../../bot/app/platform-supervisor.js";
import type { Platform } from "../../bot/kernel/events.js";
import {
  type AdapterRoute,
  type PlatformAdapter,
  PlatformStartError,
} from "../../bot/kernel/platform-adapter.js";
import { FakeClock } from "../helpers/fake-clock.js";

/** An adapter whose start() fails as scripted, then succeeds. */
class ScriptedAdapter implements PlatformAdapter {
  attempts = 0;
  stopped = false;
  private up = false;
  constructor(
    readonly platform: Platform,
    private readonly failures: Error[],
  ) {}
  async start(): Promise<void> {
    const failure = this.failures[this.attempts++];
    if (failure) throw failure;
    this.up = true;
  }
  async stop(): Promise<void> {
    this.stopped = true;
  }
  routes(): AdapterRoute[] {
    return [];
  }
  ready(): boolean {
    return this.up;
  }
}

const unreachable = (platform: Platform) =>
  new PlatformStartError(platform, "PLATFORM_UNREACHABLE", "getMe did not answer within 10000 ms");

describe("the platform supervisor", () => {
  it("retries an unreachable platform with backoff while the other serves; ready only when both are up", async () => {
    const clock = new FakeClock();
    const gates: (() => void)[] = [];
    // Each pause waits for the test, so readiness can be checked between attempts.
    clock.sleep = (ms) => {
      clock.sleeps.push(ms);
      return new Promise((resolve) => gates.push(resolve));
    };
    const telegram = new ScriptedAdapter("telegram", [
      unreachable("telegram"),
      unreachable("telegram"),
      new Error("socket hang up"),
    ]);
    const slack = new ScriptedAdapter("slack", []);
    const logs: { msg: string; fields?: Record<string, unknown> | undefined }[] = [];
    const supervisor = new PlatformSupervisor({
      adapters: [telegram, slack],
      log: (_level, msg, fields) => logs.push({ msg, fields }),
      clock,
    });
    await supervisor.start();
    expect(slack.ready()).toBe(true);
    expect(supervisor.ready()).toBe(false);
    expect(logs.find((l) => l.msg === "not ready yet: waiting for platforms")?.fields).toEqual({
      waiting: ["telegram"],
    });
    for (let i = 0; i < 3; i++) {
      await until(() => gates.length > 0);
      expect(supervisor.ready()).toBe(false);
      gates.shift()?.();
    }
    await until(() => telegram.ready());
    expect(supervisor.ready()).toBe(true);
    expect(telegram.attempts).toBe(4);
    expect(clock.sleeps).toEqual([1_000, 2_000, 4_000]);
    expect(
      logs
        .filter((l) => l.msg === "platform not reachable; retrying")
        .map((l) => l.fields?.retryInMs),
    ).toEqual([1_000, 2_000, 4_000]);
    await supervisor.stop();
    expect(telegram.stopped && slack.stopped).toBe(true);
  });

  it("does not retry a platform that refused its credentials, says so, and is never ready", async () => {
    const clock = new FakeClock();
    const telegram = new ScriptedAdapter("telegram", [
      new PlatformStartError(
        "telegram",
        "PLATFORM_REJECTED",
        "Telegram refused the bot token (401)",
      ),
    ]);
    const slack = new ScriptedAdapter("slack", []);
    const logs: { level: string; msg: string }[] = [];
    const supervisor = new PlatformSupervisor({
      adapters: [telegram, slack],
      log: (level, msg) => logs.push({ level, msg }),
      clock,
    });
    await supervisor.start();
    await supervisor.stop();
    expect(telegram.attempts).toBe(1);
    expect(clock.sleeps).toEqual([]);
    expect(supervisor.ready()).toBe(false);
    expect(logs).toContainEqual({
      level: "error",
      msg: "platform refused the credentials; not retrying",
    });
  });

  it("stops retrying at shutdown without waiting for the next attempt", async () => {
    const clock = new FakeClock();
    clock.sleep = () => new Promise(() => {}); // a pause that would never end
    const telegram = new ScriptedAdapter("telegram", [unreachable("telegram")]);
    const supervisor = new PlatformSupervisor({ adapters: [telegram], log: () => {}, clock });
    await supervisor.start();
    await supervisor.stop();
    expect(telegram.attempts).toBe(1);
  });
});

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1_000 && !condition(); i++) await new Promise((r) => setImmediate(r));
  if (!condition()) throw new Error("condition not met");
}
