import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Scheduler } from "../../../bot/kernel/scheduler.js";
import { postgresPool } from "../../../bot/storage/postgres.js";
import {
  instanceAlive,
  LEADER_LOCK_KEY,
  Leadership,
} from "../../../bot/storage/postgres-leader.js";
import { freshPgDatabase, type PgDatabase } from "../../helpers/pg-database.js";

// Ticks are driven by hand: nothing here waits on a timer.
const manual: Scheduler = { after: () => () => {} };
const quiet = () => {};

function instance(url: string, owner: string) {
  const events: string[] = [];
  const leadership = new Leadership({
    url,
    owner,
    onLead: () => events.push("lead"),
    onLose: async () => {
      events.push("lose");
    },
    log: quiet,
    scheduler: manual,
  });
  return { leadership, events };
}

/** Ends the database session holding the leader lock, as a SIGKILL of its process would. */
async function killLeaderSession(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const held = await client.query<{ pid: number }>(
      "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND objsubid = 1",
      [LEADER_LOCK_KEY],
    );
    const pids = held.rows.map((r) => r.pid);
    // With a timeout, pg_terminate_backend waits until the backend is gone, and its locks with it.
    await client.query("SELECT pg_terminate_backend(pid, 5000) FROM unnest($1::int[]) AS pid", [
      pids,
    ]);
  } finally {
    await client.end();
  }
}

describe("leadership on PostgreSQL", () => {
  let db: PgDatabase;
  let pool: pg.Pool;
  beforeAll(async () => {
    db = await freshPgDatabase();
    pool = postgresPool(db.url);
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  it("has one leader; when its session dies another takes over at its next try, and the old one steps down", async () => {
    const a = instance(db.url, "host-a:1:aa");
    const b = instance(db.url, "host-b:1:bb");
    try {
      await a.leadership.tick();
      await b.leadership.tick();
      expect([a.leadership.isLeader(), b.leadership.isLeader()]).toEqual([true, false]);
      await b.leadership.tick();
      expect(b.leadership.isLeader()).toBe(false);

      await killLeaderSession(db.url);
      await b.leadership.tick();
      expect(b.leadership.isLeader()).toBe(true);
      expect(b.events).toEqual(["lead"]);

      // A finds its session gone at its next check: it stops its background work.
      await a.leadership.tick();
      expect(a.leadership.isLeader()).toBe(false);
      expect(a.events).toEqual(["lead", "lose"]);
      await a.leadership.tick();
      expect(a.leadership.isLeader()).toBe(false);
    } finally {
      await a.leadership.stop();
      await b.leadership.stop();
    }
  });

  it("hands the lock over at once on a clean stop", async () => {
    const a = instance(db.url, "host-a:2:aa");
    const b = instance(db.url, "host-b:2:bb");
    try {
      await a.leadership.tick();
      expect(a.leadership.isLeader()).toBe(true);
      await a.leadership.stop();
      expect(a.events).toEqual(["lead", "lose"]);
      await b.leadership.tick();
      expect(b.leadership.isLeader()).toBe(true);
    } finally {
      await b.leadership.stop();
    }
  });

  it("tells a live instance from a dead one on any host by its instance lock", async () => {
    const a = instance(db.url, "host-a:3:aa");
    try {
      expect(await instanceAlive(pool, "host-a:3:aa")).toBe(false);
      await a.leadership.tick();
      expect(await instanceAlive(pool, "host-a:3:aa")).toBe(true);
      expect(await instanceAlive(pool, "host-a:3:ab")).toBe(false);
      await a.leadership.stop();
      expect(await instanceAlive(pool, "host-a:3:aa")).toBe(false);
    } finally {
      await a.leadership.stop();
    }
  });
});
