import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadConfig } from "../../../../bot/app/config.js";
import { main } from "../../../../bot/cli.js";
import {
  cardTexts,
  FAKE_APP,
  type FakeFeishu,
  startFakeFeishu,
} from "../../../helpers/fake-feishu/index.js";

describe("qingfeng start with only Feishu configured", () => {
  let dir: string;
  let fake: FakeFeishu;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "qingfeng-start-feishu-"));
    fake = await startFakeFeishu();
  });
  afterAll(async () => {
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("serves Feishu over the long connection (not the terminal chat), ready, answering, closed on shutdown", async () => {
    const logs: string[] = [];
    let listening = (_port: number) => {};
    const portKnown = new Promise<number>((resolve) => {
      listening = resolve;
    });
    let connected = () => {};
    const feishuUp = new Promise<void>((resolve) => {
      connected = resolve;
    });
    const onLog = (line: string) => {
      logs.push(line);
      const m = /"msg":"http server listening","port":(\d+)/.exec(line);
      if (m) listening(Number(m[1]));
      if (line.includes('"msg":"platform started"') && line.includes('"platform":"feishu"'))
        connected();
    };
    let stop = () => {};
    const shutdown = new Promise<void>((resolve) => {
      stop = resolve;
    });
    const out: string[] = [];
    const config = loadConfig({
      QINGFENG_DATA_DIR: dir,
      PORT: "0",
      FEISHU_APP_ID: FAKE_APP.appId,
      FEISHU_APP_SECRET: FAKE_APP.appSecret,
      FEISHU_DOMAIN: fake.domain,
    });
    const running = main(["start"], {
      config,
      io: { out: (t) => out.push(t), err: onLog, isTTY: false },
      shutdown,
    });
    const port = await portKnown;
    await feishuUp;
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    expect(fake.gateway.open).toBe(1);

    await fake.say(
      { id: "oc_dm_start", type: "p2p" },
      { openId: "ou_start1" },
      "药代请我吃饭可以吗？",
    );
    const answer = await fake.api.waitForMessage((m) => m.chat_id === "oc_dm_start", 20_000);
    expect(cardTexts(answer.card)[0]).toBe("🚫 禁止");

    stop();
    expect(await running).toBe(0);
    // The terminal chat never ran: nothing was written to stdout, no greeting on stderr.
    expect(out).toEqual([]);
    expect(logs.join("\n")).not.toContain("首次启动");
    expect(logs.some((l) => l.includes('"platform":"console"'))).toBe(false);
    // The connection was closed by the bot (the server notices a moment later).
    await vi.waitFor(() => expect(fake.gateway.open).toBe(0), { timeout: 5_000, interval: 5 });
  });
});
