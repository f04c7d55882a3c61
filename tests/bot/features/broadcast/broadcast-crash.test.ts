import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../../bot/app/config.js";
import { openApp } from "../../../../bot/app/open-app.js";
import { publishSample } from "../../../helpers/case-testbed.js";
import { type FakeTelegramApi, startFakeTelegramApi } from "../../../helpers/fake-telegram-api.js";

const CLI = fileURLToPath(new URL("../../../../bot/cli.ts", import.meta.url));
const GROUPS = Array.from({ length: 60 }, (_, i) => String(-(5000 + i)));

/**
 * The real thing: `qingfeng start` in a child process, broadcasting to 60
 * groups on the emulated Bot API, killed with SIGKILL mid-broadcast (at the
 * moment its 25th send reaches the API, which the API never accepts), then
 * started again. Every group must end up with exactly one message.
 */
describe("a broadcast killed with SIGKILL and restarted", () => {
  let dir: string;
  let api: FakeTelegramApi;
  const env = () => ({
    ...process.env,
    QINGFENG_DATA_DIR: join(dir, "data"),
    TELEGRAM_BOT_TOKEN: "123456:TEST-TOKEN-abcdefghijklmnop",
    TELEGRAM_API_ROOT: api.apiRoot,
    // One send at a time: each send is recorded before the next starts, so the kill
    // below lands on a send the API has not accepted — the crash this test is about.
    QINGFENG_BROADCAST_CONCURRENCY: "1",
    PORT: "0",
    LOG_LEVEL: "error",
  });
  const start = (): ChildProcess =>
    spawn(process.execPath, ["--import", "tsx", CLI, "start"], {
      env: env(),
      stdio: ["ignore", "ignore", "ignore"],
    });
  const exited = (child: ChildProcess) =>
    new Promise<NodeJS.Signals | number | null>((resolve) =>
      child.once("exit", (code, signal) => resolve(signal ?? code)),
    );

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "qingfeng-crash-"));
    api = await startFakeTelegramApi();
    const app = await openApp(loadConfig({ QINGFENG_DATA_DIR: join(dir, "data") }));
    await publishSample(app, "telegram", GROUPS);
    app.close();
  });
  afterAll(async () => {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("delivers to every group exactly once", async () => {
    let sends = 0;
    const first = start();
    api.override = (call) => {
      if (call.method !== "sendMessage") return undefined;
      sends++;
      if (sends < 25) return undefined;
      first.kill("SIGKILL");
      return { status: 502, body: { ok: false, error_code: 502, description: "Bad Gateway" } };
    };
    expect(await exited(first)).toBe("SIGKILL");
    const before = new Set(api.delivered.map((d) => d.chatId));
    expect(before.size).toBe(24);

    const db = new Database(join(dir, "data", "qingfeng.db"), { readonly: true });
    const states = db.prepare("SELECT state, COUNT(*) AS n FROM outbox GROUP BY state").all() as {
      state: string;
      n: number;
    }[];
    db.close();
    expect(Object.fromEntries(states.map((s) => [s.state, s.n]))).toMatchObject({
      sent: 24,
      sending: 1,
      pending: 35,
    });

    api.override = undefined;
    const second = start();
    try {
      const deadline = Date.now() + 60_000;
      while (
        new Set(api.delivered.map((d) => d.chatId)).size < GROUPS.length &&
        Date.now() < deadline
      )
        await new Promise((r) => setTimeout(r, 100));
    } finally {
      second.kill("SIGTERM");
      await exited(second);
    }
    const perGroup = new Map<string, number>();
    for (const d of api.delivered) perGroup.set(d.chatId, (perGroup.get(d.chatId) ?? 0) + 1);
    expect([...perGroup.keys()].sort()).toEqual([...GROUPS].sort());
    expect([...perGroup.values()].every((n) => n === 1)).toBe(true);

    const after = new Database(join(dir, "data", "qingfeng.db"), { readonly: true });
    const rows = after.prepare("SELECT state, resent_after_crash FROM outbox").all() as {
      state: string;
      resent_after_crash: number;
    }[];
    after.close();
    expect(rows.every((r) => r.state === "sent")).toBe(true);
    expect(rows.filter((r) => r.resent_after_crash > 0)).toHaveLength(1);
  }, 60_000);
});
