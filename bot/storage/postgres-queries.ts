import type pg from "pg";

type Params = readonly unknown[];

/**
 * The few query shapes the PostgreSQL stores use, on a pool or on one
 * client inside a transaction, so a store method reads like its SQLite twin
 * (`row`, `rows`, `run` ≈ better-sqlite3's get, all, run).
 */
export class PgQueries {
  constructor(
    private readonly db: pg.Pool | pg.PoolClient,
    private readonly inTransaction = false,
  ) {}

  async rows<T>(sql: string, params: Params = []): Promise<T[]> {
    return (await this.db.query(sql, params as unknown[])).rows as T[];
  }

  async row<T>(sql: string, params: Params = []): Promise<T | undefined> {
    return (await this.rows<T>(sql, params))[0];
  }

  /** Rows changed (SQLite's `changes`). */
  async run(sql: string, params: Params = []): Promise<number> {
    return (await this.db.query(sql, params as unknown[])).rowCount ?? 0;
  }

  /**
   * `work` inside one transaction on one connection, committed when it
   * resolves, rolled back when it throws; inside one already, simply `work`.
   */
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
