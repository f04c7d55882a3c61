import type pg from "pg";
import { PgQueries } from "../../../knowledge/store/pg-queries.js";
import type { Platform } from "../../kernel/events.js";
import { constraintFailed } from "../../storage/memory.js";
import type { AnswerRecord, LeaderboardRow, PlayerRecord, QuizPlayStore } from "./ports.js";

/**
 * Who answered what, on PostgreSQL. `questionExists` stands for the foreign
 * key to the question bank (see postgres-schema.ts): an answer or review of a
 * question that is not there is refused, as on SQLite.
 */
export class PostgresQuizPlay implements QuizPlayStore {
  private readonly q: PgQueries;

  constructor(
    pool: pg.Pool,
    private readonly questionExists: (id: number) => Promise<boolean>,
  ) {
    this.q = new PgQueries(pool);
  }

  async recordAnswer(a: AnswerRecord): Promise<void> {
    await this.mustExist(a.questionId);
    await this.q.run(
      "INSERT INTO quiz_answers (question_id, platform, user_id, chat_id, correct, context, at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
      [a.questionId, a.platform, a.userId, a.chatId, a.correct ? 1 : 0, a.context, a.at],
    );
  }

  async answeredIds(platform: Platform, userId: string): Promise<Set<number>> {
    const rows = await this.q.rows<{ id: number }>(
      "SELECT DISTINCT question_id AS id FROM quiz_answers WHERE platform = $1 AND user_id = $2",
      [platform, userId],
    );
    return new Set(rows.map((r) => r.id));
  }

  async player(platform: Platform, userId: string): Promise<PlayerRecord> {
    const row = await this.q.row<{
      name: string | null;
      streak: number;
      best_streak: number;
      hidden: number;
    }>("SELECT * FROM quiz_players WHERE platform = $1 AND user_id = $2", [platform, userId]);
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
    await this.q.run(
      `INSERT INTO quiz_players (platform, user_id, name, streak, best_streak, hidden) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (platform, user_id) DO UPDATE SET name = COALESCE(excluded.name, quiz_players.name),
         streak = excluded.streak, best_streak = excluded.best_streak, hidden = excluded.hidden`,
      [platform, userId, p.name ?? null, p.streak, p.bestStreak, p.hidden ? 1 : 0],
    );
  }

  async review(platform: Platform, userId: string, questionId: number) {
    const row = await this.q.row<{ box: number; due_at: number }>(
      "SELECT box, due_at FROM quiz_review WHERE platform = $1 AND user_id = $2 AND question_id = $3",
      [platform, userId, questionId],
    );
    return row ? { box: row.box, dueAt: row.due_at } : undefined;
  }

  async setReview(
    platform: Platform,
    userId: string,
    questionId: number,
    review: { box: number; dueAt: number } | undefined,
  ): Promise<void> {
    if (!review) {
      await this.q.run(
        "DELETE FROM quiz_review WHERE platform = $1 AND user_id = $2 AND question_id = $3",
        [platform, userId, questionId],
      );
      return;
    }
    await this.mustExist(questionId);
    await this.q.run(
      `INSERT INTO quiz_review (platform, user_id, question_id, box, due_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (platform, user_id, question_id) DO UPDATE SET box = excluded.box, due_at = excluded.due_at`,
      [platform, userId, questionId, review.box, review.dueAt],
    );
  }

  async dueReviews(platform: Platform, userId: string, now: number): Promise<number[]> {
    const rows = await this.q.rows<{ id: number }>(
      "SELECT question_id AS id FROM quiz_review WHERE platform = $1 AND user_id = $2 AND due_at <= $3 ORDER BY due_at",
      [platform, userId, now],
    );
    return rows.map((r) => r.id);
  }

  async pendingReviews(platform: Platform, userId: string): Promise<number> {
    const row = await this.q.row<{ n: number }>(
      "SELECT COUNT(*) AS n FROM quiz_review WHERE platform = $1 AND user_id = $2",
      [platform, userId],
    );
    return row?.n ?? 0;
  }

  async totals(platform: Platform, userId: string): Promise<{ answered: number; correct: number }> {
    const row = await this.q.row<{ answered: number; correct: number }>(
      "SELECT COUNT(*) AS answered, COALESCE(SUM(correct), 0) AS correct FROM quiz_answers WHERE platform = $1 AND user_id = $2",
      [platform, userId],
    );
    return row ?? { answered: 0, correct: 0 };
  }

  async leaderboard(
    platform: Platform,
    chatId: string,
    since: number,
    limit: number,
  ): Promise<LeaderboardRow[]> {
    const rows = await this.q.rows<{
      user_id: string;
      name: string | null;
      correct: number;
      answered: number;
    }>(
      `SELECT a.user_id, MAX(p.name) AS name, SUM(a.correct) AS correct, COUNT(*) AS answered
       FROM quiz_answers a LEFT JOIN quiz_players p ON p.platform = a.platform AND p.user_id = a.user_id
       WHERE a.platform = $1 AND a.chat_id = $2 AND a.at >= $3 AND COALESCE(p.hidden, 0) = 0
       GROUP BY a.user_id ORDER BY correct DESC, answered ASC LIMIT $4`,
      [platform, chatId, since, limit],
    );
    return rows.map((r) => ({
      userId: r.user_id,
      name: r.name ?? undefined,
      correct: r.correct,
      answered: r.answered,
    }));
  }

  private async mustExist(questionId: number): Promise<void> {
    if (!(await this.questionExists(questionId))) throw constraintFailed("FOREIGN KEY");
  }
}
