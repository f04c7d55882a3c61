import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rosterFeature } from "../../../../bot/features/roster/index.js";
import type { RosterMember } from "../../../../bot/features/roster/ports.js";
import { openRoster } from "../../../../bot/features/roster/stores.js";
import { openPostgresStorage, type PostgresStorage } from "../../../../bot/storage/postgres.js";
import { openSqliteStorage } from "../../../../bot/storage/sqlite.js";
import { openDatabase } from "../../../../knowledge/store/sqlite-store.js";
import { freshPgDatabase, type PgDatabase } from "../../../helpers/pg-database.js";

const storage = openSqliteStorage(openDatabase(":memory:"), [rosterFeature]);
afterAll(() => storage.db.close());

// Each test replaces the whole roster first, so one database serves them all.
let pgDb: PgDatabase | undefined;
let pgStorage: PostgresStorage | undefined;
beforeAll(async () => {
  pgDb = await freshPgDatabase();
  pgStorage = await openPostgresStorage(pgDb.url, [rosterFeature]);
});
afterAll(async () => {
  await pgStorage?.close();
  await pgDb?.drop();
});

/** Every Roster implementation, through the stores.ts that picks it by backend. */
const backends = [
  { name: "sqlite", open: () => openRoster(storage) },
  { name: "memory", open: () => openRoster({ backend: "memory" }) },
  { name: "postgres", open: () => openRoster(pgStorage as PostgresStorage) },
];

describe.each(backends)("the $name roster", ({ open }) => {
  const staff: RosterMember[] = [
    { name: "张三", department: "心内科", ids: { telegram: "11", slack: "U011" } },
    { name: "李四", department: "外科", ids: { wecom: "lisi" } },
    { name: "王五", department: "心内科", ids: {} },
    { name: "赵六", department: "外科", ids: { slack: "U066", telegram: "66" } },
  ];

  it("keeps every member with their ids, listed by department then name", async () => {
    const roster = open();
    await roster.replace(staff);
    expect(await roster.all()).toEqual([staff[1], staff[3], staff[0], staff[2]]);
  });

  it("keeps each member's ids in the order given (the first is the one reports show)", async () => {
    const roster = open();
    await roster.replace(staff);
    const zhao = (await roster.all()).find((m) => m.name === "赵六");
    expect(Object.keys(zhao?.ids ?? {})).toEqual(["slack", "telegram"]);
  });

  it("finds a member by any of their ids on any platform, and nobody by another platform's", async () => {
    const roster = open();
    await roster.replace(staff);
    expect(await roster.byUser("telegram", "11")).toEqual(staff[0]);
    expect(await roster.byUser("slack", "U011")).toEqual(staff[0]);
    expect(await roster.byUser("wecom", "lisi")).toEqual(staff[1]);
    expect(await roster.byUser("slack", "11")).toBeUndefined();
    expect(await roster.byUser("telegram", "99")).toBeUndefined();
  });

  it("replaces the whole roster", async () => {
    const roster = open();
    await roster.replace(staff);
    await roster.replace([{ name: "钱七", department: "药剂科", ids: { telegram: "11" } }]);
    expect(await roster.all()).toEqual([
      { name: "钱七", department: "药剂科", ids: { telegram: "11" } },
    ]);
    expect((await roster.byUser("telegram", "11"))?.name).toBe("钱七");
    expect(await roster.byUser("slack", "U011")).toBeUndefined();
  });

  it("refuses an id given to two people and keeps the roster it had", async () => {
    const roster = open();
    await roster.replace(staff);
    await expect(
      roster.replace([
        { name: "甲", department: "外科", ids: { telegram: "1" } },
        { name: "乙", department: "外科", ids: { telegram: "1" } },
      ]),
    ).rejects.toMatchObject({ code: "ROSTER_INVALID" });
    expect(await roster.all()).toHaveLength(staff.length);
  });

  it("hands out copies: changing a returned member changes nothing stored", async () => {
    const roster = open();
    await roster.replace(staff);
    const [first] = await roster.all();
    if (first) (first.ids as Record<string, string>).telegram = "changed";
    expect((await roster.all())[0]).toEqual(staff[1]);
  });
});
