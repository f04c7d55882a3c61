import type pg from "pg";
import { PgQueries } from "../../../knowledge/store/pg-queries.js";
import type { ConsoleSession, ConsoleStore, SignInLink } from "./ports.js";

interface SessionRow {
  who: string;
  csrf: string;
  created_at: number;
  last_seen: number;
}

/**
 * The console's sign-in state on the shared PostgreSQL database: a link sent
 * by one instance is redeemed on any, and a session works whichever instance
 * the load balancer picks.
 */
export class PostgresConsoleStore implements ConsoleStore {
  private readonly q: PgQueries;

  constructor(pool: pg.Pool) {
    this.q = new PgQueries(pool);
  }

  async setPassword(name: string, hash: string): Promise<void> {
    await this.q.run(
      `INSERT INTO console_admins (name, password_hash, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET password_hash = EXCLUDED.password_hash, updated_at = EXCLUDED.updated_at`,
      [name, hash, Date.now()],
    );
  }

  async passwordHash(name: string): Promise<string | undefined> {
    const row = await this.q.row<{ password_hash: string }>(
      "SELECT password_hash FROM console_admins WHERE name = $1",
      [name],
    );
    return row?.password_hash;
  }

  async addLink(tokenHash: string, link: SignInLink): Promise<void> {
    await this.q.run(
      "INSERT INTO console_links (token_hash, platform, user_id, expires_at) VALUES ($1, $2, $3, $4)",
      [tokenHash, link.platform, link.userId, link.expiresAt],
    );
  }

  async takeLink(tokenHash: string): Promise<SignInLink | undefined> {
    // One statement reads and deletes: two instances redeeming the same link cannot both win.
    const row = await this.q.row<{ platform: string; user_id: string; expires_at: number }>(
      "DELETE FROM console_links WHERE token_hash = $1 RETURNING platform, user_id, expires_at",
      [tokenHash],
    );
    return row
      ? { platform: row.platform, userId: row.user_id, expiresAt: Number(row.expires_at) }
      : undefined;
  }

  async addSession(idHash: string, s: ConsoleSession): Promise<void> {
    await this.q.run(
      "INSERT INTO console_sessions (id_hash, who, csrf, created_at, last_seen) VALUES ($1, $2, $3, $4, $5)",
      [idHash, s.who, s.csrf, s.createdAt, s.lastSeen],
    );
  }

  async session(idHash: string): Promise<ConsoleSession | undefined> {
    const row = await this.q.row<SessionRow>(
      "SELECT who, csrf, created_at, last_seen FROM console_sessions WHERE id_hash = $1",
      [idHash],
    );
    return row
      ? {
          who: row.who,
          csrf: row.csrf,
          createdAt: Number(row.created_at),
          lastSeen: Number(row.last_seen),
        }
      : undefined;
  }

  async touchSession(idHash: string, at: number): Promise<void> {
    await this.q.run("UPDATE console_sessions SET last_seen = $1 WHERE id_hash = $2", [at, idHash]);
  }

  async endSession(idHash: string): Promise<void> {
    await this.q.run("DELETE FROM console_sessions WHERE id_hash = $1", [idHash]);
  }

  async prune(now: number, idleSince: number): Promise<void> {
    await this.q.run("DELETE FROM console_links WHERE expires_at <= $1", [now]);
    await this.q.run("DELETE FROM console_sessions WHERE last_seen < $1", [idleSince]);
  }
}
