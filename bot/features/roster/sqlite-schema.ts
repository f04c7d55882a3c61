import type { Migration } from "../../kernel/storage.js";

/** The roster feature's tables on SQLite, in version order (append only: a released step is never edited). */
export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "the roster",
    replaces: 5,
    sql: `
      CREATE TABLE roster (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        department TEXT NOT NULL,
        telegram_id TEXT UNIQUE,
        slack_id TEXT UNIQUE
      );
    `,
  },
  {
    version: 2,
    name: "roster identities as rows, one per platform",
    sql: `
      -- A member's user id on each platform is a row, so a new platform needs no column.
      -- The roster is rebuilt without its telegram_id / slack_id columns (SQLite cannot
      -- drop UNIQUE columns); the ids move to roster_identities in column order, so a
      -- member's first id stays the Telegram one.
      CREATE TABLE roster_members (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        department TEXT NOT NULL
      );
      INSERT INTO roster_members (id, name, department) SELECT id, name, department FROM roster;
      CREATE TABLE roster_identities (
        member INTEGER NOT NULL REFERENCES roster_members(id) ON DELETE CASCADE,
        platform TEXT NOT NULL,
        user_id TEXT NOT NULL,
        PRIMARY KEY (platform, user_id)
      );
      CREATE INDEX roster_identities_member ON roster_identities (member);
      INSERT INTO roster_identities (member, platform, user_id)
        SELECT id, 'telegram', telegram_id FROM roster WHERE telegram_id IS NOT NULL ORDER BY id;
      INSERT INTO roster_identities (member, platform, user_id)
        SELECT id, 'slack', slack_id FROM roster WHERE slack_id IS NOT NULL ORDER BY id;
      DROP TABLE roster;
      -- Renaming the parent rewrites roster_identities' reference to it.
      ALTER TABLE roster_members RENAME TO roster;
    `,
  },
];
