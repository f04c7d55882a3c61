import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../bot/app/config.js";
import { createBot } from "../../bot/app/create-bot.js";
import { type App, openApp } from "../../bot/app/open-app.js";
import { CASES } from "../../bot/features/cases/ports.js";
import { CHATS } from "../../bot/kernel/ports.js";
import { memoryStorage } from "../../bot/storage/memory.js";
import { SAMPLE_CASE } from "../helpers/case-testbed.js";
import { onMemory } from "../helpers/memory-bot.js";

/** Rows of a feature table in the app's database; 0 when the table was never made there. */
function count(app: App, table: string): number {
  const exists = app.kb.db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")
    .get(table);
  if (!exists) return 0;
  return (app.kb.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
}

describe("the bot's storage", () => {
  let dir: string;
  let app: App;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "qingfeng-storage-"));
    app = await openApp(loadConfig({ QINGFENG_DATA_DIR: dir }));
  });
  afterAll(() => {
    app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps the features' state in the storage it is given, not in the app's database", async () => {
    const bot = await createBot(app, { log: () => {}, ...onMemory() });
    await bot.services.get(CHATS).seen("telegram", { id: "-1", type: "group" });
    const draft = await bot.services.get(CASES).service.draft(SAMPLE_CASE, { by: "test" });
    expect(await bot.services.get(CHATS).get("telegram", "-1")).toMatchObject({ chatId: "-1" });
    expect(await bot.services.get(CASES).store.get(draft.id)).toMatchObject({ status: "draft" });
    expect(count(app, "chats")).toBe(0);
    expect(count(app, "case_notices")).toBe(0);
  });

  it("defaults to the app's SQLite database, shared by every bot on it", async () => {
    const first = await createBot(app, { log: () => {} });
    await first.services.get(CHATS).seen("telegram", { id: "-2", type: "group" });
    expect(count(app, "chats")).toBe(1);
    const second = await createBot(app, { log: () => {} });
    expect(await second.services.get(CHATS).get("telegram", "-2")).toMatchObject({ chatId: "-2" });
  });

  it("shares one memory storage between bots opened on it, as two processes share a file", async () => {
    const storage = memoryStorage();
    const options = { ...onMemory(), storage };
    const first = await createBot(app, { log: () => {}, ...options });
    await first.services.get(CHATS).seen("slack", { id: "C1", type: "group" });
    const second = await createBot(app, { log: () => {}, ...options });
    expect(await second.services.get(CHATS).get("slack", "C1")).toMatchObject({ chatId: "C1" });
    const elsewhere = await createBot(app, { log: () => {}, ...onMemory() });
    expect(await elsewhere.services.get(CHATS).get("slack", "C1")).toBeUndefined();
  });
});
