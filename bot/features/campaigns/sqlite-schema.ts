import type { Migration } from "../../kernel/storage.js";

/** The campaigns feature's tables on SQLite, in version order (append only: a released step is never edited). */
export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "campaigns and progress",
    replaces: 6,
    sql: `
      CREATE TABLE campaigns (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        spec TEXT NOT NULL,
        start_at INTEGER NOT NULL,
        due_at INTEGER NOT NULL,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE campaign_progress (
        campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
        platform TEXT NOT NULL,
        user_id TEXT NOT NULL,
        answered INTEGER NOT NULL DEFAULT 0,
        correct INTEGER NOT NULL DEFAULT 0,
        passed_at TEXT,
        attestation TEXT,
        PRIMARY KEY (campaign_id, platform, user_id)
      );
    `,
  },
];
