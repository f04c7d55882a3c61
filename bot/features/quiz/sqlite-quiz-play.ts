import type Database from "better-sqlite3";
import type { Platform } from "../../kernel/events.js";
import type { AnswerRecord, LeaderboardRow, PlayerRecord, QuizPlayStore } from "./ports.js";

export class SqliteQuizPlay implements QuizPlayStore {
  constructor(private readonly db: Database.Database) {}

  async recordAnswer(a: AnswerRecord): Promise<void> {
    this.db
      .prepare(
        "INSERT INTO quiz_answers (question_id, platform, user_id, chat_id, correct, context, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      )
      .run(a.questionId, a.platform, a.userId, a.chatId, a.correct ? 1 : 0, a.context, a.at);
  }

  async answeredIds(platform: Platform, userId: string): Promise<Set<number>> {
    const rows = this.db
      .prepare(
        "SELECT DISTINCT question_id AS id FROM quiz_answers WHERE platform = ? AND user_id = ?",
      )
      .all(platform, userId) as { id: number }[];
    return new Set(rows.map((r) => r.id));
  }

  async player(platform: Platform, userId: string): Promise<PlayerRecord> {
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

  async savePlayer(platform: Platform, userId: string, p: PlayerRecord): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO quiz_players (platform, user_id, name, streak, best_streak, hidden) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(platform, user_id) DO UPDATE SET name = COALESCE(excluded.name, quiz_players.name),
           streak = excluded.streak, best_streak = excluded.best_streak, hidden = excluded.hidden`,
      )
      .run(platform, userId, p.name ?? null, p.streak, p.bestStreak, p.hidden ? 1 : 0);
  }

  async review(platform: Platform, userId: string, questionId: number) {
    const row = this.db
      .prepare(
        "SELECT box, due_at FROM quiz_review WHERE platform = ? AND user_id = ? AND question_id = ?",
      )
      .get(platform, userId, questionId) as { box: number; due_at: number } | undefined;
    return row ? { box: row.box, dueAt: row.due_at } : undefined;
  }

  async setReview(
    platform: Platform,
    userId: string,
    questionId: number,
    review: { box: number; dueAt: number } | undefined,
  ): Promise<void> {
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

  async dueReviews(platform: Platform, userId: string, now: number): Promise<number[]> {
    const rows = this.db
      .prepare(
        "SELECT question_id AS id FROM quiz_review WHERE platform = ? AND user_id = ? AND due_at <= ? ORDER BY due_at",
      )
      .all(platform, userId, now) as { id: number }[];
    return rows.map((r) => r.id);
  }

  async pendingReviews(platform: Platform, userId: string): Promise<number> {
    return (
      this.db
        .prepare("SELECT COUNT(*) AS n FROM quiz_review WHERE platform = ? AND user_id = ?")
        .get(platform, userId) as {
        n: number;
      }
    ).n;
  }

  async totals(platform: Platform, userId: string): Promise<{ answered: number; correct: number }> {
    const row = this.db
      .prepare(
        "SELECT COUNT(*) AS answered, COALESCE(SUM(correct), 0) AS correct FROM quiz_answers WHERE platform = ? AND user_id = ?",
      )
      .get(platform, userId) as { answered: number; correct: number };
    return row;
  }

  async leaderboard(
    platform: Platform,
    chatId: string,
    since: number,
    limit: number,
  ): Promise<LeaderboardRow[]> {
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
