import { createHash, randomBytes } from "node:crypto";
import { hostname } from "node:os";
import pg from "pg";
import type { Log } from "../kernel/log.js";
import type { Scheduler } from "../kernel/scheduler.js";

/** Key of the advisory lock whose holder runs the dispatcher and the schedulers. */
export const LEADER_LOCK_KEY = 0x71_66_00_02;
/** First key of the two-key advisory locks each live instance holds on its own name. */
export const INSTANCE_LOCK_CLASS = 0x71_66_00_03;

/** This process as an instance of the bot: host, pid and a nonce (pids repeat across containers). */
export function instanceName(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
}

/** The second key of an instance's lock: 31 bits of a hash of its name (pg_locks shows it as objid). */
export function instanceKey(owner: string): number {
  return createHash("sha1").update(owner).digest().readUInt32BE(0) & 0x7f_ff_ff_ff;
}

/**
 * Whether the instance named `owner` is alive: it holds its instance lock
 * on a live session. PostgreSQL drops a session's locks when its connection
 * ends, so an instance killed with SIGKILL (or cut off from the database) is
 * dead at once, on every host.
 */
export async function instanceAlive(pool: pg.Pool, owner: string): Promise<boolean> {
  const row = await pool.query(
    `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted
       AND classid = $1 AND objid = $2 AND objsubid = 2 AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    [INSTANCE_LOCK_CLASS, instanceKey(owner)],
  );
  return (row.rowCount ?? 0) > 0;
}

export interface LeadershipOptions {
  url: string;
  /** This instance's name (instanceName()), held as its instance lock while connected. */
  owner: string;
  /** Called when this instance becomes the leader. */
  onLead(): void;
  /** Called when it stops being one (its session ended, or stop()). */
  onLose(): Promise<void>;
  log: Log;
  scheduler: Scheduler;
  /** How often a follower tries the lock and the leader checks its session (default 1 s). */
  everyMs?: number;
}

/**
 * One leader among the instances on a database: the one holding a session
 * advisory lock on its own connection. Followers try the lock every
 * `everyMs`; the leader checks its session as often, so a leader whose
 * connection broke steps down within a tick and a dead leader's lock is
 * free the moment PostgreSQL sees its connection close — another instance
 * takes over within about one tick.
 */
export class Leadership {
  private client: pg.Client | undefined;
  private leading = false;
  private stopped = false;
  private cancel: (() => void) | undefined;
  private ticking: Promise<void> | undefined;

  constructor(private readonly o: LeadershipOptions) {}

  isLeader(): boolean {
    return this.leading;
  }

  /** Starts trying (the first try at once). */
  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Steps down (releasing the lock with the session) and stops trying. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.cancel?.();
    await this.ticking;
    await this.stepDown();
    await this.disconnect();
  }

  /** One try: connect if needed, keep or take the lock. Tests call it by hand. */
  async tick(): Promise<void> {
    try {
      const client = await this.connect();
      if (this.leading) {
        await client.query("SELECT 1");
        return;
      }
      const got = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1) AS ok", [
        LEADER_LOCK_KEY,
      ]);
      if (got.rows[0]?.ok && !this.stopped) {
        this.leading = true;
        this.o.log("info", "this instance leads: dispatcher and schedulers run here", {
          owner: this.o.owner,
        });
        this.o.onLead();
      }
    } catch (error) {
      this.o.log("warn", "database session for leadership lost; retrying", {
        error: error instanceof Error ? error.message : String(error),
      });
      await this.stepDown();
      await this.disconnect();
    }
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.cancel = this.o.scheduler.after(ms, () => {
      this.ticking = this.tick().finally(() => {
        this.ticking = undefined;
        this.schedule(this.o.everyMs ?? 1_000);
      });
    });
  }

  private async connect(): Promise<pg.Client> {
    if (this.client) return this.client;
    const client = new pg.Client({ connectionString: this.o.url, connectionTimeoutMillis: 5_000 });
    // A server restart ends the session: the next tick's query fails and steps down.
    client.on("error", () => {});
    await client.connect();
    try {
      await client.query("SELECT pg_advisory_lock($1, $2)", [
        INSTANCE_LOCK_CLASS,
        instanceKey(this.o.owner),
      ]);
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
    this.client = client;
    return client;
  }

  private async disconnect(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
  }

  private async stepDown(): Promise<void> {
    if (!this.leading) return;
    this.leading = false;
    this.o.log("warn", "this instance no longer leads: dispatcher and schedulers stop here", {
      owner: this.o.owner,
    });
    await this.o.onLose();
  }
}
