import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../bot/app/config.js";
import { openApp } from "../../../bot/app/open-app.js";
import { publishSample } from "../../helpers/case-testbed.js";
import { type FakeSlackApi, startFakeSlackApi } from "../../helpers/fake-slack-api.js";
import { type FakeTelegramApi, startFakeTelegramApi } from "../../helpers/fake-telegram-api.js";
import { eventEnvelope, postToSlackEndpoint } from "../../helpers/slack-signing.js";
import { killStartedChildren, spawnStart } from "../../helpers/start-child.js";

const SLACK_SECRET = "shutdown-test-signing-secret";

/**
 * SIGTERM to `qingfeng start` (a child process) while a platform keeps
 * failing. The Slack Web API client retries a 500 for minutes, and a send the
 * Bot API never answers waits forever: the process used to stay alive that
 * long (9.5 minutes measured). Now the work in flight gets
 * QINGFENG_SHUTDOWN_TIMEOUT_MS and the process exits.
 */
describe("shutdown under outages", () => {
  let dir: string;
  let slack: FakeSlackApi;
  let tg: FakeTelegramApi;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "qingfeng-shutdown-"));
    slack = await startFakeSlackApi();
    tg = await startFakeTelegramApi();
  });
  afterAll(async () => {
    killStartedChildren();
    await slack.close();
    await tg.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("exits after the deadline while the Slack API answers 500 to the answer being posted", async () => {
    slack.override = (call) =>
      call.method === "chat.postMessage"
        ? { status: 500, body: { ok: false, error: "internal_error" } }
        : undefined;
    const bot = spawnStart({
      QINGFENG_DATA_DIR: join(dir, "slack"),
      SLACK_BOT_TOKEN: "xoxb-test",
      SLACK_SIGNING_SECRET: SLACK_SECRET,
      SLACK_API_URL: slack.apiUrl,
      QINGFENG_SHUTDOWN_TIMEOUT_MS: "1000",
    });
    try {
      const base = `http://127.0.0.1:${await bot.port()}`;
      await bot.waitForLog((l) => l.msg === "platform started");
      const dm = eventEnvelope(
        {
          type: "message",
          channel_type: "im",
          channel: "DDOWN",
          user: "UDOWN",
          text: "药代请我吃饭可以吗？",
          ts: "1.0001",
        },
        { eventId: "Ev-down-1" },
      );
      const acked = await postToSlackEndpoint(`${base}/slack/events`, dm, "application/json", {
        secret: SLACK_SECRET,
      });
      expect(acked.status).toBe(200);
      // The answer is being posted, and failing, when the signal comes.
      await slack.waitFor(
        (c) => c.method === "chat.postMessage" && c.args.channel === "DDOWN",
        30_000,
      );
      bot.child.kill("SIGTERM");
      expect(await bot.exited).toEqual({ code: 0, signal: null });
      const late = bot.logs.find(
        (l) => l.msg === "shutdown deadline passed: exiting with work unfinished",
      );
      expect(late).toMatchObject({ deadlineMs: 1000, waitingFor: ["platforms"] });
      expect(bot.logs.at(-1)?.msg).toBe("stopped");
    } finally {
      slack.override = undefined;
      if (bot.child.exitCode === null) bot.child.kill("SIGKILL");
    }
  }, 60_000);

  it("puts a broadcast send the Bot API never answered back to pending and exits", async () => {
    const dataDir = join(dir, "telegram");
    const app = await openApp(loadConfig({ QINGFENG_DATA_DIR: dataDir }));
    await publishSample(app, "telegram", ["-7001", "-7002", "-7003"]);
    app.close();

    tg.override = (call) => (call.method === "sendMessage" ? "hang" : undefined);
    const bot = spawnStart({
      QINGFENG_DATA_DIR: dataDir,
      TELEGRAM_BOT_TOKEN: "123456:TEST-TOKEN-abcdefghijklmnop",
      TELEGRAM_API_ROOT: tg.apiRoot,
      QINGFENG_BROADCAST_CONCURRENCY: "2",
      QINGFENG_SHUTDOWN_TIMEOUT_MS: "1000",
    });
    try {
      await tg.waitFor((c) => c.method === "sendMessage", 30_000);
      bot.child.kill("SIGTERM");
      expect(await bot.exited).toEqual({ code: 0, signal: null });
      expect(bot.logs.find((l) => l.msg?.startsWith("shutdown deadline passed"))).toMatchObject({
        waitingFor: ["broadcast"],
      });
    } finally {
      tg.override = undefined;
      if (bot.child.exitCode === null) bot.child.kill("SIGKILL");
    }
    const db = new Database(join(dataDir, "qingfeng.db"), { readonly: true });
    try {
      const rows = db.prepare("SELECT state, error FROM outbox ORDER BY id").all() as {
        state: string;
        error: string | null;
      }[];
      expect(rows.filter((r) => r.state === "sending")).toEqual([]);
      expect(
        rows.filter((r) => r.error === "interrupted by shutdown").length,
      ).toBeGreaterThanOrEqual(1);
      expect(rows.every((r) => r.state === "pending")).toBe(true);
    } finally {
      db.close();
    }
  }, 60_000);
});
