import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type FakeTelegramApi,
  startFakeTelegramApi,
  textUpdate,
} from "../../helpers/fake-telegram-api.js";
import { writePolicyFiles } from "../../helpers/policy-files.js";

const CLI = fileURLToPath(new URL("../../../bot/cli.ts", import.meta.url));
const QUESTION = "职工停车场可以向患者出租车位吗？";

/**
 * `qingfeng ingest` while `qingfeng start` serves questions on the same data
 * directory (both child processes, the bot on the emulated Bot API). The
 * ingest used to lose files to "database is locked" while the bot wrote its
 * own rows, and the bot answered from its old index until restarted.
 */
describe("ingest beside a running bot", () => {
  let dir: string;
  let api: FakeTelegramApi;
  let bot: ChildProcess;
  let exited: Promise<number | null>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "qingfeng-beside-"));
    api = await startFakeTelegramApi();
    bot = spawn(process.execPath, ["--import", "tsx", CLI, "start"], {
      env: {
        ...process.env,
        QINGFENG_DATA_DIR: join(dir, "data"),
        TELEGRAM_BOT_TOKEN: "123456:TEST-TOKEN-abcdefghijklmnop",
        TELEGRAM_API_ROOT: api.apiRoot,
        PORT: "0",
        LOG_LEVEL: "error",
      },
      stdio: ["ignore", "ignore", "inherit"],
    });
    exited = new Promise((resolve) => bot.once("exit", (code) => resolve(code)));
  });
  afterAll(async () => {
    bot.kill("SIGTERM");
    // A bot that does not stop in time is killed: a failing run must leave no server behind.
    const timer = setTimeout(() => bot.kill("SIGKILL"), 20_000);
    await exited;
    clearTimeout(timer);
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const ask = async (chatId: number, text: string): Promise<string> => {
    const mark = api.calls.length;
    api.push(textUpdate(text, { chatId, userId: chatId }));
    const sent = await api.waitFor(
      (c) =>
        c.method === "sendMessage" &&
        c.payload.chat_id === String(chatId) &&
        api.calls.indexOf(c) >= mark,
      30_000,
    );
    return String(sent.payload.text);
  };

  it("both work, and the bot answers from the new documents without a restart", async () => {
    // The bot is up (it answers) before the new rule exists: nothing covers the question yet.
    expect(await ask(1, QUESTION)).not.toContain("停车场管理");

    writePolicyFiles(join(dir, "rules"), "院", 150);
    writeFileSync(
      join(dir, "rules", "parking.txt"),
      "某医院关于职工停车场管理的规定\n一、职工停车场仅供本院在职职工停放车辆，严禁向患者及家属出租车位或收取停车费。\n二、保卫科负责职工停车场的日常巡查，发现违规出租车位的，一律严肃查处。\n",
    );
    const ingest = spawn(
      process.execPath,
      ["--import", "tsx", CLI, "ingest", join(dir, "rules"), "--json"],
      {
        env: { ...process.env, QINGFENG_DATA_DIR: join(dir, "data"), LOG_LEVEL: "error" },
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let out = "";
    ingest.stdout?.on("data", (c) => {
      out += c;
    });
    const ingested = new Promise<number | null>((resolve) =>
      ingest.once("exit", (code) => resolve(code)),
    );
    // The bot keeps writing (chats, deliveries, answer records) while the ingest runs.
    for (let i = 0; i < 40; i++) {
      api.push(
        textUpdate(`医务人员可以收受回扣吗？第${i}问`, { chatId: 1000 + i, userId: 1000 + i }),
      );
    }
    expect(await ingested).toBe(0);
    const report = JSON.parse(out) as { errors: unknown[]; files: unknown[] };
    expect(report.errors).toEqual([]);
    expect(report.files).toHaveLength(151);

    const answer = await ask(2, QUESTION);
    expect(answer).toContain("某医院关于职工停车场管理的规定");
    expect(answer).toContain("🚫 禁止");
  }, 120_000);
});
