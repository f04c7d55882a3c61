import type Database from "better-sqlite3";
import type { ConsoleSession, ConsoleStore, SignInLink } from "./ports.js";

interface SessionRow {
  who: string;
  csrf: string;
  created_at: number;
  last_seen: number;
}

/** The console's sign-in state in the bot's SQLite database. */
export class SqliteConsoleStore implements ConsoleStore {
  constructor(private readonly db: Database.Database) {}

  async setPassword(name: string, hash: string): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO console_admins (name, password_hash, updated_at) VALUES (?, ?, ?)
         ON CONFLICT(name) DO UPDATE SET password_hash = excluded.password_hash, updated_at = excluded.updated_at`,
      )
      .run(name, hash, Date.now());
  }

  async passwordHash(name: string): Promise<string | undefined> {
    const row = this.db
      .prepare("SELECT password_hash FROM console_admins WHERE name = ?")
      .get(name) as { password_hash: string } | undefined;
    return row?.password_hash;
  }

  async addLink(tokenHash: string, link: SignInLink): Promise<void> {
    this.db
      .prepare(
        "INSERT INTO console_links (token_hash, platform, user_id, expires_at) VALUES (?, ?, ?, ?)",
      )
      .run(tokenHash, link.platform, link.userId, link.expiresAt);
  }

  async takeLink(tokenHash: string): Promise<SignInLink | undefined> {
    // RETURNING makes read and delete one statement: two redemptions cannot both win.
    const row = this.db
      .prepare(
        "DELETE FROM console_links WHERE token_hash = ? RETURNING platform, user_id, expires_at",
      )
      .get(tokenHash) as { platform: string; user_id: string; expires_at: number } | undefined;
    return row
      ? { platform: row.platform, userId: row.user_id, expiresAt: row.expires_at }
      : undefined;
  }

  async addSession(idHash: string, s: ConsoleSession): Promise<void> {
    this.db
      .prepare(
        "INSERT INTO console_sessions (id_hash, who, csrf, created_at, last_seen) VALUES (?, ?, ?, ?, ?)",
      )
      .run(idHash, s.who, s.csrf, s.createdAt, s.lastSeen);
  }

  async session(idHash: string): Promise<ConsoleSession | undefined> {
    const row = this.db
      .prepare("SELECT who, csrf, created_at, last_seen FROM console_sessions WHERE id_hash = ?")
      .get(idHash) as SessionRow | undefined;
    return row
      ? { who: row.who, csrf: row.csrf, createdAt: row.created_at, lastSeen: row.last_seen }
      : undefined;
  }

  async touchSession(idHash: string, at: number): Promise<void> {
    this.db.prepare("UPDATE console_sessions SET last_seen = ? WHERE id_hash = ?").run(at, idHash);
  }

  async endSession(idHash: string): Promise<void> {
    this.db.prepare("DELETE FROM console_sessions WHERE id_hash = ?").run(idHash);
  }

  async prune(now: number, idleSince: number): Promise<void> {
    this.db.prepare("DELETE FROM console_links WHERE expires_at <= ?").run(now);
    this.db.prepare("DELETE FROM console_sessions WHERE last_seen < ?").run(idleSince);
  }
}
