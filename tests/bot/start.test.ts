import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCommand } from "../../bot/app/cli/start.js";
import { loadConfig } from "../../bot/app/config.js";
import { main } from "../../bot/cli.js";
import { type FakeSlackApi, startFakeSlackApi } from "../helpers/fake-slack-api.js";
import { eventEnvelope, postToSlackEndpoint } from "../helpers/slack-signing.js";

const SECRET = "start-test-signing-secret";

describe("qingfeng start", () => {
  let dir: string;
  let slack: FakeSlackApi;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "qingfeng-start-"));
    slack = await startFakeSlackApi();
  });
  afterAll(async () => {
    await slack.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("with no platform configured runs the local chat over the core", async () => {
    const out: string[] = [];
    const config = loadConfig({ QINGFENG_DATA_DIR: join(dir, "console") });
    const code = await startCommand(
      { config, io: { out: (t) => out.push(t), err: () => {}, isTTY: false } },
      { input: Readable.from(["药代请我吃饭可以吗？\n", "/stats\n"]) },
    );
    expect(code).toBe(0);
    expect(out.join("\n")).toContain("🚫 禁止");
    expect(out.join("\n")).toMatch(/近 7 天：共 1 个问题/);
  });

  it("greets the local chat in Chinese with the counts `qingfeng docs` reports", async () => {
    const err: string[] = [];
    const config = loadConfig({ QINGFENG_DATA_DIR: join(dir, "welcome") });
    const io = { out: () => {}, err: (t: string) => err.push(t), isTTY: false };
    expect(await startCommand({ config, io }, { input: Readable.from([]) })).toBe(0);
    const welcome = err.join("\n");
    expect(welcome).toContain("首次启动：已导入随附的制度文件。");
    expect(welcome).not.toContain("Ingested the shipped corpus");
    const greeted = /(\d+) 个文件，含 (\d+) 份制度文件（汇编内含多份），共 (\d+) 条条款/.exec(
      welcome,
    );

    const docs: string[] = [];
    await main(["docs"], { config, io: { out: (t) => docs.push(t), err: () => {}, isTTY: false } });
    const listed = /(\d+) documents from (\d+) files; (\d+) distinct clauses/.exec(docs.join("\n"));
    expect(listed).not.toBeNull();
    expect(greeted?.slice(1)).toEqual([listed?.[2], listed?.[1], listed?.[3]]);
  });

  it("starts the configured platform behind one HTTP server and stops on shutdown", async () => {
    const logs: string[] = [];
    let listening = (_port: number) => {};
    const portKnown = new Promise<number>((resolve) => {
      listening = resolve;
    });
    let connected = () => {};
    const slackUp = new Promise<void>((resolve) => {
      connected = resolve;
    });
    const onLog = (line: string) => {
      logs.push(line);
      const m = /"msg":"http server listening","port":(\d+)/.exec(line);
      if (m) listening(Number(m[1]));
      // The server listens (health checks answer) before the platforms have connected.
      if (line.includes('"msg":"platform started"')) connected();
    };
    let stop = () => {};
    const shutdown = new Promise<void>((resolve) => {
      stop = resolve;
    });
    const config = loadConfig({
      QINGFENG_DATA_DIR: join(dir, "slack"),
      PORT: "0",
      SLACK_BOT_TOKEN: "xoxb-test",
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
    });
    const running = main(["start"], {
      config,
      io: { out: () => {}, err: onLog, isTTY: false },
      shutdown,
    });
    const port = await portKnown;
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    await slackUp;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);

    const body = eventEnvelope(
      {
        type: "message",
        channel_type: "im",
        channel: "D1",
        user: "U1",
        text: "药代请我吃饭可以吗？",
        ts: "1.0001",
      },
      { eventId: "Ev-start-1" },
    );
    expect(
      (
        await postToSlackEndpoint(`${base}/slack/events`, body, "application/json", {
          secret: SECRET,
        })
      ).status,
    ).toBe(200);
    const posted = await slack.waitFor(
      (c) => c.method === "chat.postMessage" && c.args.channel === "D1",
    );
    expect(JSON.stringify(posted.args.blocks)).toContain("🚫 禁止");

    const forged = await postToSlackEndpoint(`${base}/slack/events`, body, "application/json", {
      secret: "wrong",
    });
    expect(forged.status).toBe(401);

    stop();
    expect(await running).toBe(0);
    expect(logs.join("\n")).toContain('"msg":"shutting down"');
  });
});

describe("qingfeng start with Telegram configured", () => {
  it("long-polls the configured Bot API and answers", async () => {
    const { startFakeTelegramApi, textUpdate } = await import("../helpers/fake-telegram-api.js");
    const api = await startFakeTelegramApi();
    const dir = mkdtempSync(join(tmpdir(), "qingfeng-start-tg-"));
    let stop = () => {};
    const shutdown = new Promise<void>((resolve) => {
      stop = resolve;
    });
    try {
      const config = loadConfig({
        QINGFENG_DATA_DIR: dir,
        PORT: "0",
        TELEGRAM_BOT_TOKEN: "123456:TEST-TOKEN-abcdefghijklmnop",
        TELEGRAM_API_ROOT: api.apiRoot,
      });
      const running = main(["start"], {
        config,
        io: { out: () => {}, err: () => {}, isTTY: false },
        shutdown,
      });
      api.push(textUpdate("医院可以自立项目收费吗？", { chatId: 42 }));
      const sent = await api.waitFor(
        (c) => c.method === "sendMessage" && c.payload.chat_id === "42",
        15_000,
      );
      expect(String(sent.payload.text)).toMatch(/^<b>🚫 禁止<\/b>/);
      stop();
      expect(await running).toBe(0);
    } finally {
      await api.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
