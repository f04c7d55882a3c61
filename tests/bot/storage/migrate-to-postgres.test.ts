import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../bot/app/config.js";
import { FEATURES } from "../../../bot/app/features.js";
import { main } from "../../../bot/cli.js";
import { openOutbox } from "../../../bot/features/broadcast/stores.js";
import { openCampaignStore } from "../../../bot/features/campaigns/stores.js";
import { openCaseStore } from "../../../bot/features/cases/stores.js";
import { openChatStore } from "../../../bot/features/groups/stores.js";
import { openRoster } from "../../../bot/features/roster/stores.js";
import type { Storage } from "../../../bot/kernel/storage.js";
import { openPostgresStorage, type PostgresStorage } from "../../../bot/storage/postgres.js";
import { openSqliteStorage, type SqliteStorage } from "../../../bot/storage/sqlite.js";
import { openDatabase } from "../../../knowledge/store/sqlite-store.js";
import { freshPgDatabase, type PgDatabase } from "../../helpers/pg-database.js";

const NOW = () => Date.parse("2026-12-01T00:00:00Z");

/** What the stores read back: the same on both sides when the copy is whole. */
async function contents(storage: Storage) {
  const cases = openCaseStore(storage, NOW);
  const notices = await cases.list();
  const outbox = openOutbox(storage, NOW);
  // Every broadcast by id (digests and campaign reminders belong to no one notice).
  const broadcasts = [];
  for (let id = 1; id <= 20; id++) {
    const b = await outbox.broadcast(id);
    if (b) broadcasts.push(b);
  }
  const campaigns = openCampaignStore(storage, NOW);
  const campaignList = await campaigns.list();
  return {
    chats: await openChatStore(storage, NOW).subscribed(),
    notices,
    acks: await Promise.all(notices.map((n) => cases.acks(n.id))),
    broadcasts,
    rows: await Promise.all(broadcasts.map((b) => outbox.rows(b.id))),
    roster: await openRoster(storage).all(),
    campaigns: campaignList,
    progress: await Promise.all(campaignList.map((c) => campaigns.allProgress(c.id))),
  };
}

/**
 * `qingfeng migrate --to` on a data directory made by an earlier release
 * (the legacy fixture: chats, notices with acknowledgements and clauses,
 * broadcasts and their outbox, a roster, a campaign with progress).
 */
describe("qingfeng migrate --to postgres://…", () => {
  let dir: string;
  let db: PgDatabase;
  let out: string[];
  let sqlite: SqliteStorage;
  let target: PostgresStorage;
  const run = (args: string[]) =>
    main(args, {
      config: loadConfig({ QINGFENG_DATA_DIR: join(dir, "data") }),
      io: { out: (t) => out.push(t), err: (t) => out.push(t), isTTY: false },
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "qingfeng-migrate-"));
    cpSync(join(import.meta.dirname, "../../fixtures/legacy-data-dir"), join(dir, "data"), {
      recursive: true,
    });
    db = await freshPgDatabase();
  });
  afterAll(async () => {
    sqlite?.db.close();
    await target?.close();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("copies every bot table, says the counts match, and the stores read the same data back", async () => {
    out = [];
    const code = await run(["migrate", "--to", db.url]);
    expect(code, out.join("\n")).toBe(0);
    expect(out).toContain("outbox: 9 rows (counts match)");
    expect(out).toContain("case_acks: 2 rows (counts match)");
    expect(out).toContain("roster: 5 rows (counts match)");
    // The knowledge tables come along: every instance reads the same documents and answers.
    expect(out.join("\n")).toMatch(/^chunks: [1-9]\d* rows \(counts match\)$/m);
    expect(out.join("\n")).toMatch(/^answers: \d+ rows \(counts match\)$/m);
    expect(out.join("\n")).not.toMatch(/Still in SQLite.*chunks/);

    sqlite = openSqliteStorage(openDatabase(join(dir, "data", "qingfeng.db")), FEATURES);
    target = await openPostgresStorage(db.url, FEATURES, { local: sqlite.db });
    const before = await contents(sqlite);
    expect(before.notices.length).toBeGreaterThan(0);
    expect(before.rows.flat().length).toBe(9);
    expect(await contents(target)).toEqual(before);
  });

  it("continues ids after the copied ones", async () => {
    const maxId = Math.max(...(await openCaseStore(sqlite, NOW).list()).map((n) => n.id));
    const draft = await openCaseStore(target, NOW).createDraft(
      { title: "新通报", people: [], facts: "事实", tags: [] },
      [],
      "test",
    );
    expect(draft.id).toBe(maxId + 1);
  });

  it("refuses a database that already holds rows", async () => {
    out = [];
    expect(await run(["migrate", "--to", db.url])).not.toBe(0);
    expect(out.join("\n")).toContain("already holds rows");
  });
});
