import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../../bot/app/config.js";
import { classifySendError } from "../../../../bot/platforms/wecom/wecom-errors.js";

const BOT = { WECOM_BOT_ID: "aib1Abc-xyz_09", WECOM_BOT_SECRET: "S3cr3t-from-the-console" };

describe("WeCom settings", () => {
  it("is off unless the Bot ID and Secret are set", () => {
    expect(loadConfig({}).platforms.has("wecom")).toBe(false);
  });

  it("reads the bot, a private deployment's address and the admins", () => {
    const config = loadConfig({
      ...BOT,
      WECOM_WS_URL: "wss://openws.hospital.example:8443",
      WECOM_ADMIN_IDS: "ZhangSan, li.si@hosp",
    });
    expect(config.platforms.get("wecom")).toEqual({
      botId: BOT.WECOM_BOT_ID,
      secret: BOT.WECOM_BOT_SECRET,
      wsUrl: "wss://openws.hospital.example:8443",
      admins: ["ZhangSan", "li.si@hosp"],
    });
  });

  it.each([
    [{ WECOM_BOT_ID: "aib1" }, /WECOM_BOT_SECRET is not: copy the Secret from 企业微信管理后台/],
    [{ WECOM_BOT_SECRET: "s" }, /WECOM_BOT_ID is not: copy the Bot ID/],
    [{ WECOM_ADMIN_IDS: "ZhangSan" }, /WECOM_BOT_ID and WECOM_BOT_SECRET are not/],
    [
      { ...BOT, WECOM_WS_URL: "https://openws.work.weixin.qq.com" },
      /not a ws:\/\/ or wss:\/\/ URL/,
    ],
    [{ ...BOT, WECOM_BOT_SECRET: '"S3cr3t"' }, /WECOM_BOT_SECRET contains spaces, quotes/],
    [{ ...BOT, WECOM_BOT_ID: "aib 1" }, /WECOM_BOT_ID contains spaces/],
    [
      { ...BOT, WECOM_ADMIN_IDS: "张三,ZhangSan" },
      /WECOM_ADMIN_IDS has "张三": give WeCom userids/,
    ],
  ])("refuses %o with a fix", (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});

describe("WeCom send failures as the dispatcher sees them", () => {
  const ack = (errcode: number) => ({ headers: { req_id: "r" }, errcode, errmsg: "x" });

  it.each([
    [ack(45009), { kind: "rate-limited", retryAfterMs: 60_000 }],
    [ack(45033), { kind: "rate-limited", retryAfterMs: 1_000 }],
    [ack(86003), { kind: "permanent" }],
    [ack(86001), { kind: "permanent" }],
    [ack(40003), { kind: "permanent" }],
    [ack(-1), { kind: "transient" }],
    [ack(846609), { kind: "transient" }],
    [ack(40008), { kind: "rejected" }],
    [ack(45002), { kind: "rejected" }],
    [
      new Error("WebSocket not connected, unable to send data"),
      { kind: "rate-limited", retryAfterMs: 5_000 },
    ],
    [new Error("Reply ack timeout (5000ms) for reqId: x"), { kind: "transient" }],
  ])("%o → %o", (error, failure) => {
    expect(classifySendError(error)).toEqual(failure);
  });
});
