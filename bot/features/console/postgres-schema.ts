import type { Migration } from "../../kernel/storage.js";

/** The console feature's tables on PostgreSQL, in version order (append only). */
export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "console admins, sign-in links and sessions",
    sql: `
      CREATE TABLE console_admins (
        name TEXT PRIMARY KEY,
        password_hash TEXT NOT NULL,
        updated_at BIGINT NOT NULL
      );
      -- Only hashes of link tokens and session ids are stored.
      CREATE TABLE console_links (
        token_hash TEXT PRIMARY KEY,
        platform TEXT NOT NULL,
        user_id TEXT NOT NULL,
        expires_at BIGINT NOT NULL
      );
      CREATE TABLE console_sessions (
        id_hash TEXT PRIMARY KEY,
        who TEXT NOT NULL,
        csrf TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        last_seen BIGINT NOT NULL
      );
    `,
  },
];
