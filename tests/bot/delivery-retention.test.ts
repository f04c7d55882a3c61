import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { groupsFeature } from "../../bot/features/groups/index.js";
import { SqliteChatStore } from "../../bot/features/groups/sqlite-chat-store.js";
import { openSqliteStorage } from "../../bot/storage/sqlite.js";
import { openDatabase } from "../../knowledge/store/sqlite-store.js";
import { FakeClock } from "../helpers/fake-clock.js";

const DAY = 24 * 3_600_000;

/** processed_deliveries used to grow by one row per update, forever. */
describe("processed delivery ids", () => {
  let dir: string;
  let db: ReturnType<typeof openDatabase>;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "qingfeng-deliveries-"));
    db = openDatabase(join(dir, "qingfeng.db"));
    openSqliteStorage(db, [groupsFeature]);
  });
  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const rows = () =>
    (
      db.prepare("SELECT delivery_id FROM processed_deliveries ORDER BY delivery_id").all() as {
        delivery_id: string;
      }[]
    ).map((r) => r.delivery_id);

  it("are remembered within the retention window and pruned after it (injected clock)", async () => {
    const clock = new FakeClock();
    const store = new SqliteChatStore(db, () => new Date(clock.now()), {
      deliveryRetentionMs: 2 * DAY,
    });
    expect(await store.firstTime("telegram", "100")).toBe(true);
    clock.advance(DAY);
    expect(await store.firstTime("telegram", "101")).toBe(true);
    // A redelivery inside the window is still recognised.
    expect(await store.firstTime("telegram", "100")).toBe(false);
    clock.advance(DAY + 3_600_000);
    expect(await store.firstTime("slack", "Ev1")).toBe(true);
    expect(rows()).toEqual(["101", "Ev1"]);
    expect(await store.firstTime("telegram", "101")).toBe(false);
    clock.advance(3 * DAY);
    await store.firstTime("slack", "Ev2");
    expect(rows()).toEqual(["Ev2"]);
  });
});
