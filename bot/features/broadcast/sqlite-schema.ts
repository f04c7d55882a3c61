import type { Migration } from "../../kernel/storage.js";

/** The broadcast feature's tables on SQLite, in version order (append only: a released step is never edited). */
export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "broadcasts and their outbox",
    replaces: 5,
    sql: `
      -- One send job: a notice, a reminder of it, or a digest; period_key makes planned jobs unique.
      CREATE TABLE broadcasts (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('notice', 'reminder', 'digest', 'campaign')),
        notice_id INTEGER REFERENCES case_notices(id),
        tags TEXT NOT NULL DEFAULT '[]',
        send_at INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('active', 'paused', 'cancelled')),
        period_key TEXT UNIQUE,
        payload TEXT,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      -- One row per (broadcast, target), written with the broadcast in one transaction.
      CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        broadcast_id INTEGER NOT NULL REFERENCES broadcasts(id),
        platform TEXT NOT NULL,
        chat_id TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'cancelled')),
        not_before INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        rate_limited INTEGER NOT NULL DEFAULT 0,
        resent_after_crash INTEGER NOT NULL DEFAULT 0,
        -- Which dispatcher holds a row in 'sending' (host:pid), so a restart recovers only a dead one's.
        claimed_by TEXT,
        message_ids TEXT,
        error TEXT,
        sent_at TEXT,
        UNIQUE (broadcast_id, platform, chat_id)
      );
      CREATE INDEX outbox_due ON outbox (state, not_before);
    `,
  },
];
