import { describe, expect, it } from "vitest";
import { loadConfig } from "../../bot/app/config.js";

describe("loadConfig", () => {
  it("runs on the embedded default with no configuration at all", () => {
    const config = loadConfig({});
    expect(config.openai).toBeUndefined();
    expect(config.platforms.has("telegram")).toBe(false);
    expect(config.platforms.has("slack")).toBe(false);
    expect(config.port).toBe(3000);
    expect(config.dataDir).toMatch(/data$/);
    expect(config.databaseUrl).toBeUndefined();
  });

  it("takes a PostgreSQL DATABASE_URL and refuses anything else without echoing it", () => {
    const url = "postgres://qf:secret@db.internal:5432/qingfeng";
    expect(loadConfig({ DATABASE_URL: url }).databaseUrl).toBe(url);
    expect(loadConfig({ DATABASE_URL: "postgresql://db/qingfeng" }).databaseUrl).toBe(
      "postgresql://db/qingfeng",
    );
    expect(loadConfig({ DATABASE_URL: "  " }).databaseUrl).toBeUndefined();
    for (const bad of ["mysql://u:pw-leak@db/x", "db.internal:5432", "postgres://"]) {
      let error: unknown;
      try {
        loadConfig({ DATABASE_URL: bad });
      } catch (e) {
        error = e;
      }
      expect(error).toMatchObject({ code: "CONFIG_INVALID" });
      expect((error as Error).message).toContain("DATABASE_URL");
      expect((error as Error).message).not.toContain("pw-leak");
    }
  });

  it("turns platforms on from their credentials", () => {
    const config = loadConfig({
      TELEGRAM_BOT_TOKEN: "123456:ABCDEFGHIJKLMNOPQRSTUVWX",
      TELEGRAM_ADMIN_IDS: "11, 22",
      SLACK_BOT_TOKEN: "xoxb-1-2-3",
      SLACK_SIGNING_SECRET: "s3cret",
      SLACK_ADMIN_IDS: "U1,U2",
    });
    expect(config.platforms.get("telegram")).toMatchObject({
      admins: ["11", "22"],
      webhook: undefined,
    });
    expect(config.platforms.get("slack")).toMatchObject({
      admins: ["U1", "U2"],
      signingSecret: "s3cret",
    });
  });

  it("stops with every problem and how to fix it", () => {
    const attempt = () =>
      loadConfig({
        TELEGRAM_BOT_TOKEN: "not-a-token",
        TELEGRAM_WEBHOOK_URL: "https://bot.example.org/telegram/webhook",
        SLACK_BOT_TOKEN: "xoxb-1",
        PORT: "http",
      });
    expect(attempt).toThrow(/TELEGRAM_BOT_TOKEN does not look like a bot token/);
    expect(attempt).toThrow(/TELEGRAM_WEBHOOK_SECRET must be set with webhooks/);
    expect(attempt).toThrow(/Slack needs SLACK_SIGNING_SECRET .* or SLACK_APP_TOKEN/);
    expect(attempt).toThrow(/PORT="http" must be a whole number/);
  });

  it("validates the operations settings (shutdown deadline, platform timeout, delivery retention)", () => {
    expect(loadConfig({}).operations).toEqual({
      shutdownTimeoutMs: 10_000,
      platformTimeoutMs: 10_000,
      deliveryRetentionDays: 7,
    });
    expect(
      loadConfig({
        QINGFENG_SHUTDOWN_TIMEOUT_MS: "2500",
        QINGFENG_PLATFORM_TIMEOUT_MS: "3000",
        QINGFENG_DELIVERY_RETENTION_DAYS: "30",
      }).operations,
    ).toEqual({ shutdownTimeoutMs: 2500, platformTimeoutMs: 3000, deliveryRetentionDays: 30 });
    const attempt = () =>
      loadConfig({
        QINGFENG_SHUTDOWN_TIMEOUT_MS: "forever",
        QINGFENG_PLATFORM_TIMEOUT_MS: "0",
        QINGFENG_DELIVERY_RETENTION_DAYS: "0.5",
        QINGFENG_QUIZ_SECONDS: "1",
      });
    expect(attempt).toThrow(
      /QINGFENG_SHUTDOWN_TIMEOUT_MS="forever" must be a whole number between 100 and 300000/,
    );
    expect(attempt).toThrow(/QINGFENG_PLATFORM_TIMEOUT_MS="0" must be a whole number/);
    expect(attempt).toThrow(/QINGFENG_DELIVERY_RETENTION_DAYS="0.5" must be a whole number/);
    expect(attempt).toThrow(/QINGFENG_QUIZ_SECONDS="1" must be a whole number between 5 and 600/);
  });
});
