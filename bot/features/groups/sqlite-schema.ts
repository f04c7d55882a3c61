import type { Migration } from "../../kernel/storage.js";

/** The groups feature's tables on SQLite, in version order (append only: a released step is never edited). */
export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "chats, roles and processed deliveries",
    replaces: 3,
    sql: `
      CREATE TABLE chats (
        platform TEXT NOT NULL,
        chat_id TEXT NOT NULL,
        type TEXT NOT NULL,
        title TEXT,
        language TEXT,
        subscribed INTEGER NOT NULL DEFAULT 0,
        tags TEXT NOT NULL DEFAULT '[]',
        subscribed_by TEXT,
        subscribed_at TEXT,
        deactivated_reason TEXT,
        first_seen TEXT NOT NULL,
        PRIMARY KEY (platform, chat_id)
      );
      CREATE TABLE admin_grants (
        platform TEXT NOT NULL,
        user_id TEXT NOT NULL,
        granted_by TEXT NOT NULL,
        granted_at TEXT NOT NULL,
        PRIMARY KEY (platform, user_id)
      );
      CREATE TABLE admin_audit (
        id INTEGER PRIMARY KEY,
        platform TEXT NOT NULL,
        user_id TEXT NOT NULL,
        command TEXT NOT NULL,
        allowed INTEGER NOT NULL,
        at TEXT NOT NULL
      );
      -- Platforms redeliver (Telegram update_id, Slack retries): each delivery is handled once.
      CREATE TABLE processed_deliveries (
        platform TEXT NOT NULL,
        delivery_id TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (platform, delivery_id)
      );
    `,
  },
];
