import type { Migration } from "../../kernel/storage.js";

/** The quiz feature's tables on SQLite, in version order (append only: a released step is never edited). */
export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "quiz answers, players and spaced repetition",
    replaces: 6,
    sql: `
      CREATE TABLE quiz_answers (
        id INTEGER PRIMARY KEY,
        question_id INTEGER NOT NULL REFERENCES quiz_questions(id),
        platform TEXT NOT NULL,
        user_id TEXT NOT NULL,
        chat_id TEXT NOT NULL,
        correct INTEGER NOT NULL,
        context TEXT NOT NULL,
        at INTEGER NOT NULL
      );
      CREATE INDEX quiz_answers_user ON quiz_answers (platform, user_id, at);
      CREATE TABLE quiz_players (
        platform TEXT NOT NULL,
        user_id TEXT NOT NULL,
        name TEXT,
        streak INTEGER NOT NULL DEFAULT 0,
        best_streak INTEGER NOT NULL DEFAULT 0,
        hidden INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (platform, user_id)
      );
      -- Leitner boxes: a question answered wrongly comes back until answered right twice.
      CREATE TABLE quiz_review (
        platform TEXT NOT NULL,
        user_id TEXT NOT NULL,
        question_id INTEGER NOT NULL REFERENCES quiz_questions(id),
        box INTEGER NOT NULL,
        due_at INTEGER NOT NULL,
        PRIMARY KEY (platform, user_id, question_id)
      );
    `,
  },
];
