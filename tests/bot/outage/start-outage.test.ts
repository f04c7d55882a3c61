import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeSlackApi, startFakeSlackApi } from "../../helpers/fake-slack-api.js";
import {
  type FakeTelegramApi,
  startFakeTelegramApi,
  textUpdate,
} from "../../helpers/fake-telegram-api.js";
import { eventEnvelope, postToSlackEndpoint } from "../../helpers/slack-signing.js";
import { killStartedChildren, spawnStart } from "../../helpers/start-child.js";

const TOKEN = "123456:TEST-TOKEN-abcdefghijklmnop";
const TG_SECRET = "outage-test-secret-0123456789";
const SLACK_SECRET = "outage-test-signing-secret";

/**
 * `qingfeng start` in a child process against emulated platforms that are
 * down when it starts. It used to report ready with Telegram never started
 * (and its webhook route missing), and to hang without a server or a log
 * line while getMe never answered.
 */
describe("start-up while a platform is down", () => {
  let dir: string;
  let tg: FakeTelegramApi;
  let slack: FakeSlackApi;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "qingfeng-outage-"));
    tg = await startFakeTelegramApi();
    slack = await startFakeSlackApi();
  });
  afterAll(async () => {
    killStartedChildren();
    await tg.close();
    await slack.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("serves Slack while Telegram is unreachable, is not ready, retries, and is ready once Telegram is back", async () => {
    let telegramDown = true;
    tg.override = (call) =>
      telegramDown && call.method === "getMe"
        ? { status: 502, body: { ok: false, error_code: 502, description: "Bad Gateway" } }
        : undefined;
    const bot = spawnStart({
      QINGFENG_DATA_DIR: join(dir, "both"),
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: tg.apiRoot,
      TELEGRAM_WEBHOOK_URL: "https://bot.example.org/telegram/webhook",
      TELEGRAM_WEBHOOK_SECRET: TG_SECRET,
      SLACK_BOT_TOKEN: "xoxb-test",
      SLACK_SIGNING_SECRET: SLACK_SECRET,
      SLACK_API_URL: slack.apiUrl,
    });
    try {
      const base = `http://127.0.0.1:${await bot.port()}`;
      await bot.waitForLog(
        (l) => l.platform === "telegram" && (l.level === "warn" || l.level === "error"),
      );
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect((await fetch(`${base}/readyz`)).status).toBe(503);

      // Slack serves meanwhile.
      const dm = eventEnvelope(
        {
          type: "message",
          channel_type: "im",
          channel: "DOUT",
          user: "UOUT",
          text: "药代请我吃饭可以吗？",
          ts: "1.0001",
        },
        { eventId: "Ev-outage-1" },
      );
      const acked = await postToSlackEndpoint(`${base}/slack/events`, dm, "application/json", {
        secret: SLACK_SECRET,
      });
      expect(acked.status).toBe(200);
      await slack.waitFor(
        (c) => c.method === "chat.postMessage" && c.args.channel === "DOUT",
        30_000,
      );

      // Telegram's webhook route exists but defers (Telegram delivers again later).
      const update = JSON.stringify({
        update_id: 5,
        ...textUpdate("药代请我吃饭可以吗？", { chatId: 77 }),
      });
      const post = () =>
        fetch(`${base}/telegram/webhook`, {
          method: "POST",
          body: update,
          headers: {
            "content-type": "application/json",
            "x-telegram-bot-api-secret-token": TG_SECRET,
          },
        });
      expect((await post()).status).toBe(503);

      telegramDown = false;
      await bot.waitForLog((l) => l.msg === "platform started" && l.platform === "telegram");
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      expect((await post()).status).toBe(200);
      const answer = await tg.waitFor(
        (c) => c.method === "sendMessage" && c.payload.chat_id === "77",
        30_000,
      );
      expect(String(answer.payload.text)).toContain("🚫 禁止");
      const retried = bot.logs.filter(
        (l) => l.msg === "platform not reachable; retrying" && l.platform === "telegram",
      );
      expect(retried.length).toBeGreaterThanOrEqual(1);
      expect(String(retried[0]?.error)).toContain("getMe");
    } finally {
      tg.override = undefined;
      bot.child.kill("SIGTERM");
      await bot.exited;
    }
  }, 90_000);

  it("never hangs on a getMe that never answers: the server is up, the wait is logged, and it connects later", async () => {
    let hanging = true;
    tg.override = (call) => (hanging && call.method === "getMe" ? "hang" : undefined);
    const bot = spawnStart({
      QINGFENG_DATA_DIR: join(dir, "hang"),
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: tg.apiRoot,
      QINGFENG_PLATFORM_TIMEOUT_MS: "500",
    });
    try {
      const base = `http://127.0.0.1:${await bot.port(20_000)}`;
      const waited = await bot.waitForLog(
        (l) => l.msg === "platform not reachable; retrying" && l.platform === "telegram",
      );
      expect(String(waited.error)).toBe("getMe: did not answer within 500 ms");
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect((await fetch(`${base}/readyz`)).status).toBe(503);
      hanging = false;
      await bot.waitForLog((l) => l.msg === "platform started" && l.platform === "telegram");
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      tg.push(textUpdate("药代请我吃饭可以吗？", { chatId: 78 }));
      await tg.waitFor((c) => c.method === "sendMessage" && c.payload.chat_id === "78", 30_000);
    } finally {
      tg.override = undefined;
      bot.child.kill("SIGTERM");
      await bot.exited;
    }
  }, 90_000);
});
