import type pg from "pg";

/**
 * The query shapes the knowledge layer's PostgreSQL stores use, on a pool or
 * on one client inside a transaction. (bot/storage/postgres-queries.ts is
 * the bot's twin; knowledge may not import the bot, and the two are small.)
 */
export class PgQueries {
  constructor(
    readonly db: pg.Pool | pg.PoolClient,
    private readonly inTransaction = false,
  ) {}

  async rows<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return (await this.db.query(sql, params as unknown[])).rows as T[];
  }

  async row<T>(sql: string, params: readonly unknown[] = []): Promise<T | undefined> {
    return (await this.rows<T>(sql, params))[0];
  }

  /** Rows changed (SQLite's `changes`). */
  async run(sql: string, params: readonly unknown[] = []): Promise<number> {
    return (await this.db.query(sql, params as unknown[])).rowCount ?? 0;
  }

  /** `work` in one transaction on one connection: committed when it resolves, rolled back when it throws. */
  async tx<T>(work: (q: PgQueries) => Promise<T>): Promise<T> {
    if (this.inTransaction) return work(this);
    const client = await (this.db as pg.Pool).connect();
    try {
      await client.query("BEGIN");
      const result = await work(new PgQueries(client, true));
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }
}
