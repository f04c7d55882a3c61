import type pg from "pg";
import { PgQueries } from "../../../knowledge/store/pg-queries.js";
import type { RateLimits, RateRule, SharedState } from "../../kernel/shared-state.js";

/**
 * Conversation state on PostgreSQL, seen by every instance. Expiry is
 * checked against the injected clock (the rows of a long-gone conversation
 * are removed now and then by whichever instance writes).
 */
export class PostgresSharedState implements SharedState {
  private readonly q: PgQueries;
  private writes = 0;

  constructor(
    pool: pg.Pool,
    private readonly now: () => number,
  ) {
    this.q = new PgQueries(pool);
  }

  async get<T>(scope: string, key: string): Promise<T | undefined> {
    const row = await this.q.row<{ value: T }>(
      "SELECT value FROM shared_state WHERE scope = $1 AND key = $2 AND expires_at >= $3",
      [scope, key, this.now()],
    );
    return row?.value;
  }

  async set<T>(scope: string, key: string, value: T, ttlMs: number): Promise<void> {
    const now = this.now();
    await this.q.run(
      `INSERT INTO shared_state (scope, key, value, expires_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (scope, key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at`,
      [scope, key, JSON.stringify(value), now + ttlMs],
    );
    this.writes += 1;
    if (this.writes % 500 === 0) {
      await this.q.run("DELETE FROM shared_state WHERE expires_at < $1", [now]);
    }
  }

  async take<T>(scope: string, key: string): Promise<T | undefined> {
    const row = await this.q.row<{ value: T; expires_at: number }>(
      "DELETE FROM shared_state WHERE scope = $1 AND key = $2 RETURNING value, expires_at",
      [scope, key],
    );
    return row && row.expires_at >= this.now() ? row.value : undefined;
  }

  async delete(scope: string, key: string): Promise<void> {
    await this.q.run("DELETE FROM shared_state WHERE scope = $1 AND key = $2", [scope, key]);
  }
}

/**
 * Token buckets on PostgreSQL: refill and take in one statement under the
 * row's lock, so a user's requests spread over several instances draw on
 * one bucket.
 */
export class PostgresRateLimits implements RateLimits {
  private readonly q: PgQueries;

  constructor(
    pool: pg.Pool,
    private readonly now: () => number,
  ) {
    this.q = new PgQueries(pool);
  }

  async take(key: string, rule: RateRule): Promise<boolean> {
    const now = this.now();
    const id = `${rule.capacity}/${rule.refillPerMinute}:${key}`;
    // One upsert under the row's lock: refill to now ($2 capacity, $3 per minute), take a token
    // when there is one, and say whether it did.
    const refilled =
      "LEAST($2::float8, rate_buckets.tokens + GREATEST(0, $4 - rate_buckets.at) / 60000.0 * $3)";
    const row = await this.q.row<{ taken: boolean }>(
      `INSERT INTO rate_buckets (key, tokens, at, taken) VALUES ($1, $2::float8 - 1, $4, $2 >= 1)
       ON CONFLICT (key) DO UPDATE SET
         tokens = CASE WHEN ${refilled} >= 1 THEN ${refilled} - 1 ELSE ${refilled} END,
         at = GREATEST(rate_buckets.at, $4),
         taken = ${refilled} >= 1
       RETURNING taken`,
      [id, rule.capacity, rule.refillPerMinute, now],
    );
    return row?.taken === true;
  }
}
