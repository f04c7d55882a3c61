import type { Migration } from "../../kernel/storage.js";

/** The cases feature's tables on SQLite, in version order (append only: a released step is never edited). */
export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "case notices, their clauses and acknowledgements",
    replaces: 5,
    sql: `
      -- A published notice is never edited: a correction is a new row that names it.
      CREATE TABLE case_notices (
        id INTEGER PRIMARY KEY,
        status TEXT NOT NULL CHECK (status IN ('draft', 'published')),
        title TEXT NOT NULL,
        date TEXT,
        institution TEXT,
        people TEXT NOT NULL DEFAULT '[]',
        facts TEXT NOT NULL,
        violations TEXT,
        result TEXT,
        lesson TEXT,
        tags TEXT NOT NULL DEFAULT '[]',
        source_url TEXT,
        corrects_id INTEGER REFERENCES case_notices(id),
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        published_at TEXT
      );
      CREATE TABLE case_clauses (
        notice_id INTEGER NOT NULL REFERENCES case_notices(id) ON DELETE CASCADE,
        chunk_id INTEGER NOT NULL,
        ord INTEGER NOT NULL,
        origin TEXT NOT NULL CHECK (origin IN ('proposed', 'added')),
        accepted INTEGER NOT NULL DEFAULT 1,
        -- The clause as it read when linked: a later re-ingest must not change a published notice.
        text TEXT NOT NULL,
        title TEXT NOT NULL,
        year INTEGER,
        section TEXT NOT NULL,
        PRIMARY KEY (notice_id, chunk_id)
      );
      CREATE TABLE case_acks (
        notice_id INTEGER NOT NULL REFERENCES case_notices(id),
        platform TEXT NOT NULL,
        user_id TEXT NOT NULL,
        user_name TEXT,
        chat_id TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (notice_id, platform, user_id)
      );
    `,
  },
];
