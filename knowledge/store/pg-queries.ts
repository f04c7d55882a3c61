import type pg from "pg";

type Params = readonly unknown[];

/** How long a statement waits out a database that went away (a restart, a failover). */
const OUTAGE_PATIENCE_MS = 30_000;

/**
 * The few query shapes the PostgreSQL stores use, on a pool or on one
 * client inside a transaction, so a store method reads like its SQLite twin
 * (`row`, `rows`, `run` ≈ better-sqlite3's get, all, run).
 *
 * On the pool, a statement (or a whole transaction) that failed because the
 * connection did — the server restarting, refusing connections while it
 * starts — is tried again until the database answers or OUTAGE_PATIENCE_MS
 * pass: a webhook update acknowledged just before a database restart is
 * still handled, not lost. A broken session's uncommitted work is rolled
 * back by the server, so a retry does not apply it twice — except in the
 * narrow case of a commit whose answer was lost with the connection: the
 * stores' writes are upserts and conditional updates, so the retry changes
 * nothing more (a delivery id then reads as already seen).
 */
export class PgQueries {
  constructor(
    private readonly db: pg.Pool | pg.PoolClient,
    private readonly inTransaction = false,
    private readonly sleep: (ms: number) => Promise<void> = realSleep,
  ) {}

  async rows<T>(sql: string, params: Params = []): Promise<T[]> {
    return (await this.query(sql, params)).rows as T[];
  }

  async row<T>(sql: string, params: Params = []): Promise<T | undefined> {
    return (await this.rows<T>(sql, params))[0];
  }

  /** Rows changed (SQLite's `changes`). */
  async run(sql: string, params: Params = []): Promise<number> {
    return (await this.query(sql, params)).rowCount ?? 0;
  }

  /**
   * `work` inside one transaction on one connection, committed when it
   * resolves, rolled back when it throws; inside one already, simply `work`.
   */
  async tx<T>(work: (q: PgQueries) => Promise<T>): Promise<T> {
    if (this.inTransaction) return work(this);
    return this.patiently(async () => {
      const client = await (this.db as pg.Pool).connect();
      let broken = false;
      try {
        await client.query("BEGIN");
        const result = await work(new PgQueries(client, true));
        await client.query("COMMIT");
        return result;
      } catch (error) {
        broken = isConnectionError(error);
        if (!broken) await client.query("ROLLBACK").catch(() => {});
        throw error;
      } finally {
        // A broken connection is discarded, not handed to the next caller.
        client.release(broken ? true : undefined);
      }
    });
  }

  private query(sql: string, params: Params): Promise<pg.QueryResult> {
    if (this.inTransaction) return this.db.query(sql, params as unknown[]);
    return this.patiently(() => this.db.query(sql, params as unknown[]));
  }

  private async patiently<T>(attempt: () => Promise<T>): Promise<T> {
    const giveUpAt = Date.now() + OUTAGE_PATIENCE_MS;
    let pause = 100;
    for (;;) {
      try {
        return await attempt();
      } catch (error) {
        if (!isConnectionError(error) || Date.now() + pause > giveUpAt) throw error;
        await this.sleep(pause);
        pause = Math.min(pause * 2, 1_000);
      }
    }
  }
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Errors of the connection, not of the statement: refused or reset
 * sockets, the server shutting down (57P01–57P03), a connection class
 * error (08…), or the driver's own "Connection terminated".
 */
export function isConnectionError(error: unknown): boolean {
  const code = String((error as { code?: unknown })?.code ?? "");
  if (
    ["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "57P01", "57P02", "57P03"].includes(code)
  )
    return true;
  if (code.startsWith("08")) return true;
  const message = error instanceof Error ? error.message : "";
  return /Connection terminated|connection timeout|Client has encountered a connection error/i.test(
    message,
  );
}
