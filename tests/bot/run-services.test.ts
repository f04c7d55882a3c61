import { describe, expect, it } from "vitest";
import { runServices } from "../../bot/app/run-services.js";
import { type PlatformAdapter, PlatformStartError } from "../../bot/kernel/platform-adapter.js";

class FakeAdapter implements PlatformAdapter {
  readonly platform = "slack" as const;
  isReady = false;
  stopped = false;
  received: string[] = [];
  async start(): Promise<void> {}
  async stop(): Promise<void> {
    this.stopped = true;
  }
  ready(): boolean {
    return this.isReady;
  }
  routes() {
    return [
      {
        method: "POST" as const,
        path: "/slack/events",
        handle: (
          _req: import("node:http").IncomingMessage,
          res: import("node:http").ServerResponse,
          body: Buffer,
        ) => {
          this.received.push(body.toString());
          res.end("ok");
        },
      },
    ];
  }
}

describe("runServices", () => {
  it("serves health, readiness and adapter routes on one port, and stops cleanly", async () => {
    const adapter = new FakeAdapter();
    const services = await runServices({
      adapters: [adapter],
      port: 0,
      host: "127.0.0.1",
      log: () => {},
    });
    const address = services.server?.address();
    const base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
    try {
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect((await fetch(`${base}/readyz`)).status).toBe(503);
      adapter.isReady = true;
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      const posted = await fetch(`${base}/slack/events`, { method: "POST", body: "hello" });
      expect(await posted.text()).toBe("ok");
      expect(adapter.received).toEqual(["hello"]);
      expect((await fetch(`${base}/nope`)).status).toBe(404);
      const huge = await fetch(`${base}/slack/events`, {
        method: "POST",
        body: "x".repeat(10 * 1024 * 1024),
      });
      expect(huge.status).toBe(413);
      expect(adapter.received).toEqual(["hello"]);
    } finally {
      await services.stop();
    }
    expect(adapter.stopped).toBe(true);
  });

  it("refuses to run when no platform starts", async () => {
    const broken = new FakeAdapter();
    broken.start = async () => {
      throw new PlatformStartError("slack", "PLATFORM_REJECTED", "401 Unauthorized");
    };
    const logs: string[] = [];
    await expect(
      runServices({
        adapters: [broken],
        port: 0,
        host: "127.0.0.1",
        log: (_l, msg, f) => logs.push(`${msg} ${JSON.stringify(f)}`),
      }),
    ).rejects.toThrow(/No chat platform could be started/);
    expect(logs.join("\n")).toContain("401 Unauthorized");
  });
});
