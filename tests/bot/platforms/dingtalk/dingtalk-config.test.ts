import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../../bot/app/config.js";

const ID = "dingabcdef0123456789";
const SECRET = "Fq3-secret_0123456789abcdef";

describe("DingTalk settings", () => {
  it("turn DingTalk on from the Client ID and Secret, the robot code defaulting to the Client ID", () => {
    const config = loadConfig({
      DINGTALK_CLIENT_ID: ID,
      DINGTALK_CLIENT_SECRET: SECRET,
      DINGTALK_ADMIN_IDS: "manager01, 0123456789",
    });
    expect(config.platforms.get("dingtalk")).toEqual({
      clientId: ID,
      clientSecret: SECRET,
      robotCode: ID,
      apiRoot: "https://api.dingtalk.com",
      cardTemplateId: "1366a1eb-bc54-4859-ac88-517c56a9acb1.schema",
      admins: ["manager01", "0123456789"],
    });
    expect(loadConfig({}).platforms.has("dingtalk")).toBe(false);
  });

  it("take an emulated API root and a robot code of its own", () => {
    const config = loadConfig({
      DINGTALK_CLIENT_ID: ID,
      DINGTALK_CLIENT_SECRET: SECRET,
      DINGTALK_ROBOT_CODE: "dingrobot000001",
      DINGTALK_API_ROOT: "http://127.0.0.1:5555/",
    });
    expect(config.platforms.get("dingtalk")).toMatchObject({
      robotCode: "dingrobot000001",
      apiRoot: "http://127.0.0.1:5555",
    });
  });

  it("stop start-up with a fix for each bad value, naming the key", () => {
    const attempt = (env: Record<string, string>) => () => loadConfig(env);
    expect(attempt({ DINGTALK_CLIENT_SECRET: SECRET })).toThrow(
      /DINGTALK_CLIENT_SECRET set but DINGTALK_CLIENT_ID is not: copy the Client ID/,
    );
    expect(attempt({ DINGTALK_ADMIN_IDS: "m1" })).toThrow(
      /DINGTALK_ADMIN_IDS set but DINGTALK_CLIENT_ID/,
    );
    expect(attempt({ DINGTALK_CLIENT_ID: ID })).toThrow(
      /DINGTALK_CLIENT_SECRET must be set with DINGTALK_CLIENT_ID/,
    );
    expect(attempt({ DINGTALK_CLIENT_ID: ID, DINGTALK_CLIENT_SECRET: "short" })).toThrow(
      /DINGTALK_CLIENT_SECRET does not look like a Client Secret/,
    );
    expect(attempt({ DINGTALK_CLIENT_ID: "ding 王 abc", DINGTALK_CLIENT_SECRET: SECRET })).toThrow(
      /DINGTALK_CLIENT_ID must be the app's Client ID/,
    );
    expect(
      attempt({
        DINGTALK_CLIENT_ID: ID,
        DINGTALK_CLIENT_SECRET: SECRET,
        DINGTALK_API_ROOT: "api.dingtalk.com",
      }),
    ).toThrow(/DINGTALK_API_ROOT="api.dingtalk.com" is not an http\(s\) URL/);
    expect(attempt({ DINGTALK_CLIENT_SECRET: SECRET })).toThrow(
      expect.objectContaining({ code: "CONFIG_INVALID" }),
    );
  });
});
