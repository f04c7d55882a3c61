import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unescapeMarkdown } from "../../../../bot/platforms/dingtalk/markdown-text.js";
import {
  type FakeDingTalk,
  startFakeDingTalk,
} from "../../../helpers/fake-dingtalk/fake-dingtalk.js";
import {
  cardTexts,
  FAKE_APP,
  type FakeFeishu,
  startFakeFeishu,
} from "../../../helpers/fake-feishu/index.js";
import { type FakeWecom, startFakeWecom } from "../../../helpers/fake-wecom/index.js";
import { killStartedChildren, spawnStart } from "../../../helpers/start-child.js";

/**
 * A hospital group on all three Chinese platforms: one `qingfeng start` (a child
 * process) serves WeCom, DingTalk and Feishu at once, each over its own long
 * connection to its emulator, and answers a question on each.
 */
describe("qingfeng start with WeCom, DingTalk and Feishu configured together", () => {
  let dir: string;
  let wecom: FakeWecom;
  let dingtalk: FakeDingTalk;
  let feishu: FakeFeishu;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "qingfeng-three-platforms-"));
    [wecom, dingtalk, feishu] = await Promise.all([
      startFakeWecom(),
      startFakeDingTalk(),
      startFakeFeishu(),
    ]);
  });
  afterAll(async () => {
    killStartedChildren();
    await Promise.all([wecom.close(), dingtalk.close(), feishu.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it("serves all three (no terminal chat), is ready once all are connected, and answers on each", async () => {
    const bot = spawnStart({
      QINGFENG_DATA_DIR: dir,
      WECOM_BOT_ID: wecom.botId,
      WECOM_BOT_SECRET: wecom.secret,
      WECOM_WS_URL: wecom.wsUrl,
      DINGTALK_CLIENT_ID: dingtalk.clientId,
      DINGTALK_CLIENT_SECRET: dingtalk.clientSecret,
      DINGTALK_API_ROOT: dingtalk.apiRoot,
      FEISHU_APP_ID: FAKE_APP.appId,
      FEISHU_APP_SECRET: FAKE_APP.appSecret,
      FEISHU_DOMAIN: feishu.domain,
    });
    const starting = await bot.waitForLog((l) => l.msg === "starting", 60_000);
    expect([...(starting.platforms as string[])].sort()).toEqual(["dingtalk", "feishu", "wecom"]);
    const base = `http://127.0.0.1:${await bot.port(60_000)}`;
    for (const platform of ["wecom", "dingtalk", "feishu"]) {
      await bot.waitForLog((l) => l.msg === "platform started" && l.platform === platform, 60_000);
    }
    expect((await fetch(`${base}/readyz`)).status).toBe(200);

    wecom.pushMessage({ userId: "ZhangSan", text: "药代请我吃饭可以吗？" });
    await dingtalk.say({
      chat: "dm",
      user: { staffId: "doctor02" },
      text: "病人家属塞红包能收吗？",
    });
    await feishu.say({ id: "oc_dm_three", type: "p2p" }, { openId: "ou_three" }, "可以收回扣吗？");

    const [onWecom, onDingtalk, onFeishu] = await Promise.all([
      wecom.waitForDelivered((d) => d.chatId === "ZhangSan", 30_000),
      dingtalk.waitForPost((p) => p.chatId === "doctor02", 30_000),
      feishu.api.waitForMessage((m) => m.chat_id === "oc_dm_three", 30_000),
    ]);
    expect(onWecom.content).toMatch(/^\*\*🚫 禁止\*\*/);
    expect(unescapeMarkdown(onDingtalk.text)).toMatch(/^### 🚫 禁止/);
    expect(cardTexts(onFeishu.card)[0]).toBe("🚫 禁止");
    expect(bot.logs.some((l) => l.platform === "console")).toBe(false);

    bot.child.kill("SIGTERM");
    expect(await bot.exited).toEqual({ code: 0, signal: null });
  }, 180_000);
});
