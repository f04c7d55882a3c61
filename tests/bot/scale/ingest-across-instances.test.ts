import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBin } from "../../helpers/built-cli.js";
import {
  type FakeTelegramApi,
  startFakeTelegramApi,
  textUpdate,
} from "../../helpers/fake-telegram-api.js";
import { freshPgDatabase, type PgDatabase } from "../../helpers/pg-database.js";
import { writePolicyFiles } from "../../helpers/policy-files.js";
import { killStartedChildren, type StartedChild, spawnStart } from "../../helpers/start-child.js";

const TOKEN = "123456:TEST-TOKEN-abcdefghijklmnop";
const SECRET = "ingest-across-secret-0123456789";

/**
 * `qingfeng ingest` on one machine (its own data directory) and a running
 * `qingfeng start` on another, one PostgreSQL database between them: the
 * running bot answers from the new document without a restart.
 */
describe("a document ingested through one instance", () => {
  let db: PgDatabase;
  let tg: FakeTelegramApi;
  let dir: string;
  let bot: StartedChild;
  let base: string;

  beforeAll(async () => {
    db = await freshPgDatabase();
    tg = await startFakeTelegramApi();
    dir = mkdtempSync(join(tmpdir(), "qingfeng-across-"));
    bot = spawnStart(
      {
        DATABASE_URL: db.url,
        QINGFENG_DATA_DIR: join(dir, "bot-host"),
        TELEGRAM_BOT_TOKEN: TOKEN,
        TELEGRAM_API_ROOT: tg.apiRoot,
        TELEGRAM_WEBHOOK_URL: "https://bot.example.org/telegram/webhook",
        TELEGRAM_WEBHOOK_SECRET: SECRET,
        QINGFENG_PLATFORM_TIMEOUT_MS: "60000",
      },
      { built: true },
    );
    base = `http://127.0.0.1:${await bot.port(120_000)}`;
    await bot.waitForLog((l) => l.msg === "platform started" && l.platform === "telegram");
  }, 180_000);

  afterAll(async () => {
    killStartedChildren();
    await tg?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    await db?.drop();
  });

  it("is answered from by another, running one", async () => {
    const [file] = writePolicyFiles(join(dir, "uploads"), "跨", 1);
    const ingest = await runBin(["ingest", file!], {
      cwd: dir,
      env: { ...process.env, DATABASE_URL: db.url, QINGFENG_DATA_DIR: join(dir, "admin-host") },
    });
    expect(ingest.code, ingest.stderr).toBe(0);

    const res = await fetch(`${base}/telegram/webhook`, {
      method: "POST",
      body: JSON.stringify(
        textUpdate("第跨0号病区的医务人员可以收患者的红包吗？", { updateId: 1, chatId: 42 }),
      ),
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
    });
    expect(res.status).toBe(200);
    const reply = await tg.waitFor(
      (c) => c.method === "sendMessage" && String(c.payload.chat_id) === "42",
      60_000,
    );
    expect(String(reply.payload.text)).toContain("某医院第跨0号病区廉洁从业管理规定");
  });
});
