import type Database from "better-sqlite3";
import type { Platform } from "../../kernel/events.js";
import type { AnswerRecord, LeaderboardRow, PlayerRecord, QuizPlayStore } from "./ports.js";

export class SqliteQuizPlay implements QuizPlayStore {
  constructor(private readonly db: Database.Database) {}

  recordAnswer(a: AnswerRecord): void {
    this.db
      .prepare(
        "INSERT INTO quiz_answers (question_id, platform, user_id, chat_id, correct, context, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      )
      .run(a.questionId, a.platform, a.userId, a.chatId, a.correct ? 1 : 0, a.context, a.at);
  }

  answeredIds(platform: Platform, userId: string): Set<number> {
    const rows = this.db
      .prepare(
        "SELECT DISTINCT question_id AS id FROM quiz_answers WHERE platform = ? AND user_id = ?",
      )
      .all(platform, userId) as { id: number }[];
    return new Set(rows.map((r) => r.id));
  }

  player(platform: Platform, userId: string): PlayerRecord {
    const row = this.db
      .prepare("SELECT * FROM quiz_players WHERE platform = ? AND user_id = ?")
      .get(platform, userId) as
      | { name: string | null; streak: number; best_streak: number; hidden: number }
      | undefined;
    return row
      ? {
          name: row.name ?? undefined,
          streak: row.streak,
          bestStreak: row.best_streak,
          hidden: row.hidden === 1,
        }
      : { streak: 0, bestStreak: 0, hidden: false };
  }

  savePlayer(platform: Platform, userId: string, p: PlayerRecord): void {
    this.db
      .prepare(
        `INSERT INTO quiz_players (platform, user_id, name, streak, best_streak, hidden) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(platform, user_id) DO UPDATE SET name = COALESCE(excluded.name, quiz_players.name),
           streak = excluded.streak, best_streak = excluded.best_streak, hidden = excluded.hidden`,
      )
      .run(platform, userId, p.name ?? null, p.streak, p.bestStreak, p.hidden ? 1 : 0);
  }

  review(platform: Platform, userId: string, questionId: number) {
    const row = this.db
      .prepare(
        "SELECT box, due_at FROM quiz_review WHERE platform = ? AND user_id = ? AND question_id = ?",
      )
      .get(platform, userId, questionId) as { box: number; due_at: number } | undefined;
    return row ? { box: row.box, dueAt: row.due_at } : undefined;
  }

  setReview(
    platform: Platform,
    userId: string,
    questionId: number,
    review: { box: number; dueAt: number } | undefined,
  ): void {
    if (!review) {
      this.db
        .prepare("DELETE FROM quiz_review WHERE platform = ? AND user_id = ? AND question_id = ?")
        .run(platform, userId, questionId);
      return;
    }
    this.db
      .prepare(
        `INSERT INTO quiz_review (platform, user_id, question_id, box, due_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(platform, user_id, question_id) DO UPDATE SET box = excluded.box, due_at = excluded.due_at`,
      )
      .run(platform, userId, questionId, review.box, review.dueAt);
  }

  dueReviews(platform: Platform, userId: string, now: number): number[] {
    const rows = this.db
      .prepare(
        "SELECT question_id AS id FROM quiz_review WHERE platform = ? AND user_id = ? AND due_at <= ? ORDER BY due_at",
      )
      .all(platform, userId, now) as { id: number }[];
    return rows.map((r) => r.id);
  }

  pendingReviews(platform: Platform, userId: string): number {
    return (
      this.db
        .prepare("SELECT COUNT(*) AS n FROM quiz_review WHERE platform = ? AND user_id = ?")
        .get(platform, userId) as {
        n: number;
      }
    ).n;
  }

  totals(platform: Platform, userId: string): { answered: number; correct: number } {
    const row = this.db
      .prepare(
        "SELECT COUNT(*) AS answered, COALESCE(SUM(correct), 0) AS correct FROM quiz_answers WHERE platform = ? AND user_id = ?",
      )
      .get(platform, userId) as { answered: number; correct: number };
    return row;
  }

  leaderboard(platform: Platform, chatId: string, since: number, limit: number): LeaderboardRow[] {
    const rows = this.db
      .prepare(
        `SELECT a.user_id, p.name, SUM(a.correct) AS correct, COUNT(*) AS answered
         FROM quiz_answers a LEFT JOIN quiz_players p ON p.platform = a.platform AND p.user_id = a.user_id
         WHERE a.platform = ? AND a.chat_id = ? AND a.at >= ? AND COALESCE(p.hidden, 0) = 0
         GROUP BY a.user_id ORDER BY correct DESC, answered ASC LIMIT ?`,
      )
      .all(platform, chatId, since, limit) as {
      user_id: string;
      name: string | null;
      correct: number;
      answered: number;
    }[];
    return rows.map((r) => ({
      userId: r.user_id,
      name: r.name ?? undefined,
      correct: r.correct,
      answered: r.answered,
    }));
  }
}
