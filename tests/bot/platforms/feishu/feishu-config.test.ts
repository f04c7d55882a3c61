import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../../bot/app/config.js";

const APP = { FEISHU_APP_ID: "cli_a1b2c3d4e5f60718", FEISHU_APP_SECRET: "secret" };

describe("Feishu settings", () => {
  it("is off without FEISHU_APP_ID, and on Feishu's own domain by default", () => {
    expect(loadConfig({}).platforms.has("feishu")).toBe(false);
    expect(loadConfig(APP).platforms.get("feishu")).toEqual({
      appId: APP.FEISHU_APP_ID,
      appSecret: "secret",
      domain: "https://open.feishu.cn",
      admins: [],
    });
  });

  it("chooses Lark or a private deployment with FEISHU_DOMAIN, and reads admins' open_ids", () => {
    const lark = loadConfig({ ...APP, FEISHU_DOMAIN: "Lark", FEISHU_ADMIN_IDS: "ou_a1, ou_b2" });
    expect(lark.platforms.get("feishu")).toMatchObject({
      domain: "https://open.larksuite.com",
      admins: ["ou_a1", "ou_b2"],
    });
    const own = loadConfig({ ...APP, FEISHU_DOMAIN: "https://open.example-hospital.cn/" });
    expect(own.platforms.get("feishu")).toMatchObject({
      domain: "https://open.example-hospital.cn",
    });
  });

  it("stops with a fix-it message for each bad value", () => {
    const attempt = () =>
      loadConfig({
        FEISHU_APP_ID: "a1b2c3",
        FEISHU_DOMAIN: "feishu.cn",
        FEISHU_ADMIN_IDS: "11111,ou_ok",
      });
    expect(attempt).toThrow(
      /FEISHU_APP_ID="a1b2c3" is not a Feishu App ID: copy it from 开发者后台/,
    );
    expect(attempt).toThrow(/FEISHU_APP_SECRET must be set with FEISHU_APP_ID/);
    expect(attempt).toThrow(
      /FEISHU_DOMAIN="feishu.cn" must be feishu .*, lark .* or the http\(s\) URL/,
    );
    expect(attempt).toThrow(/FEISHU_ADMIN_IDS must be open_ids \(ou_…\)/);
    expect(() => loadConfig({ FEISHU_APP_SECRET: "secret" })).toThrow(
      /FEISHU_APP_SECRET .* set but FEISHU_APP_ID is not/,
    );
  });
});
