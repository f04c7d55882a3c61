import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeWecom, startFakeWecom } from "../../../helpers/fake-wecom/index.js";
import { killStartedChildren, spawnStart } from "../../../helpers/start-child.js";

/** `qingfeng start` in a child process, WeCom its only platform, against the emulator. */
describe("qingfeng start with only WeCom configured", () => {
  let dir: string;
  let wecom: FakeWecom;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "qingfeng-wecom-start-"));
    wecom = await startFakeWecom();
  });
  afterAll(async () => {
    killStartedChildren();
    await wecom.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("serves WeCom (not the terminal chat), answers a single chat, and stops on SIGTERM", async () => {
    const bot = spawnStart({
      QINGFENG_DATA_DIR: dir,
      WECOM_BOT_ID: wecom.botId,
      WECOM_BOT_SECRET: wecom.secret,
      WECOM_WS_URL: wecom.wsUrl,
    });
    const starting = await bot.waitForLog((l) => l.msg === "starting", 60_000);
    expect(starting.platforms).toEqual(["wecom"]);
    const base = `http://127.0.0.1:${await bot.port(60_000)}`;
    await bot.waitForLog((l) => l.msg === "platform started" && l.platform === "wecom");
    expect((await fetch(`${base}/readyz`)).status).toBe(200);

    wecom.pushMessage({ userId: "SunJiu", text: "药代请我吃饭可以吗？" });
    const answer = await wecom.waitForDelivered((d) => d.chatId === "SunJiu", 30_000);
    expect(answer.content).toMatch(/^\*\*🚫 禁止\*\*/);
    // The secret is never written to the log.
    expect(JSON.stringify(bot.logs)).not.toContain(wecom.secret);

    bot.child.kill("SIGTERM");
    expect(await bot.exited).toEqual({ code: 0, signal: null });
    expect(bot.logs.some((l) => l.msg === "stopped")).toBe(true);
  }, 120_000);
});
