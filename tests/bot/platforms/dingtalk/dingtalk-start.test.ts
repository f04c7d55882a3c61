import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { unescapeMarkdown } from "../../../../bot/platforms/dingtalk/markdown-text.js";
import {
  type FakeDingTalk,
  startFakeDingTalk,
} from "../../../helpers/fake-dingtalk/fake-dingtalk.js";
import { killStartedChildren, spawnStart } from "../../../helpers/start-child.js";

/**
 * `qingfeng start` in a child process with only DingTalk configured (pointed
 * at the emulator): it serves DingTalk and not the terminal chat, is not
 * ready while DingTalk cannot be reached, and answers after a reconnect.
 */
describe("qingfeng start with only DingTalk configured", () => {
  let dir: string;
  let api: FakeDingTalk;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "qingfeng-dingtalk-start-"));
    api = await startFakeDingTalk();
  });
  afterAll(async () => {
    killStartedChildren();
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("serves DingTalk (not the terminal chat), is ready only while connected, and answers", async () => {
    api.gatewayDown = true;
    const bot = spawnStart({
      QINGFENG_DATA_DIR: dir,
      DINGTALK_CLIENT_ID: api.clientId,
      DINGTALK_CLIENT_SECRET: api.clientSecret,
      DINGTALK_API_ROOT: api.apiRoot,
    });
    try {
      const base = `http://127.0.0.1:${await bot.port()}`;
      await bot.waitForLog(
        (l) => l.msg === "platform not reachable; retrying" && l.platform === "dingtalk",
      );
      expect((await fetch(`${base}/readyz`)).status).toBe(503);

      api.gatewayDown = false;
      await bot.waitForLog((l) => l.msg === "platform started" && l.platform === "dingtalk");
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      const platforms = new Set(
        bot.logs.filter((l) => l.msg === "connecting platform").map((l) => l.platform),
      );
      expect([...platforms]).toEqual(["dingtalk"]);

      await api.say({ chat: "dm", user: { staffId: "doctor01" }, text: "药代请我吃饭可以吗？" });
      const answer = await api.waitForPost((p) => p.chatId === "doctor01", 30_000);
      expect(unescapeMarkdown(answer.text)).toMatch(/^### 🚫 禁止/);

      // The connection drops while DingTalk is unreachable: not ready until it is back.
      api.gatewayDown = true;
      api.drop();
      await vi.waitFor(async () => expect((await fetch(`${base}/readyz`)).status).toBe(503), {
        timeout: 10_000,
        interval: 50,
      });
      api.gatewayDown = false;
      await bot.waitForLog((l) => l.msg === "dingtalk stream reconnected");
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      await api.say({
        chat: "cidStartWard==",
        user: { staffId: "nurse02" },
        text: "医保卡可以违规兑付现金吗？",
      });
      const group = await api.waitForPost((p) => p.chatId === "cidStartWard==", 30_000);
      expect(group.text).toMatch(/^### /);
    } finally {
      bot.child.kill("SIGTERM");
      expect((await bot.exited).code).toBe(0);
    }
  }, 90_000);
});
