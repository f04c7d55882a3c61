import type { Platform } from "../../kernel/events.js";
import { compareText, constraintFailed, keyOf } from "../../storage/memory.js";
import type { AnswerRecord, LeaderboardRow, PlayerRecord, QuizPlayStore } from "./ports.js";

interface ReviewRow {
  platform: Platform;
  userId: string;
  questionId: number;
  box: number;
  dueAt: number;
}

/** The quiz_answers, quiz_players and quiz_review tables. */
export interface QuizPlayTables {
  answers: AnswerRecord[];
  players: Map<string, PlayerRecord>;
  reviews: Map<string, ReviewRow>;
}

export function emptyQuizPlayTables(): QuizPlayTables {
  return { answers: [], players: new Map(), reviews: new Map() };
}

/**
 * Who answered what in memory, as SqliteQuizPlay keeps it. `questionExists`
 * stands for the foreign key to the question bank: an answer or review of a
 * question that is not there is refused.
 */
export class MemoryQuizPlay implements QuizPlayStore {
  constructor(
    private readonly questionExists: (id: number) => boolean,
    private readonly t: QuizPlayTables = emptyQuizPlayTables(),
  ) {}

  async recordAnswer(a: AnswerRecord): Promise<void> {
    this.mustExist(a.questionId);
    this.t.answers.push({ ...a });
  }

  async answeredIds(platform: Platform, userId: string): Promise<Set<number>> {
    return new Set(this.answersOf(platform, userId).map((a) => a.questionId));
  }

  async player(platform: Platform, userId: string): Promise<PlayerRecord> {
    const p = this.t.players.get(keyOf(platform, userId));
    return p
      ? { name: p.name, streak: p.streak, bestStreak: p.bestStreak, hidden: p.hidden }
      : { streak: 0, bestStreak: 0, hidden: false };
  }

  async savePlayer(platform: Platform, userId: string, p: PlayerRecord): Promise<void> {
    const key = keyOf(platform, userId);
    const name = p.name ?? this.t.players.get(key)?.name;
    this.t.players.set(key, { name, streak: p.streak, bestStreak: p.bestStreak, hidden: p.hidden });
  }

  async review(platform: Platform, userId: string, questionId: number) {
    const row = this.t.reviews.get(keyOf(platform, userId, questionId));
    return row ? { box: row.box, dueAt: row.dueAt } : undefined;
  }

  async setReview(
    platform: Platform,
    userId: string,
    questionId: number,
    review: { box: number; dueAt: number } | undefined,
  ): Promise<void> {
    const key = keyOf(platform, userId, questionId);
    if (!review) {
      this.t.reviews.delete(key);
      return;
    }
    this.mustExist(questionId);
    this.t.reviews.set(key, { platform, userId, questionId, box: review.box, dueAt: review.dueAt });
  }

  async dueReviews(platform: Platform, userId: string, now: number): Promise<number[]> {
    return this.reviewsOf(platform, userId)
      .filter((r) => r.dueAt <= now)
      .sort((a, b) => a.dueAt - b.dueAt || a.questionId - b.questionId)
      .map((r) => r.questionId);
  }

  async pendingReviews(platform: Platform, userId: string): Promise<number> {
    return this.reviewsOf(platform, userId).length;
  }

  async totals(platform: Platform, userId: string): Promise<{ answered: number; correct: number }> {
    const answers = this.answersOf(platform, userId);
    return { answered: answers.length, correct: answers.filter((a) => a.correct).length };
  }

  async leaderboard(
    platform: Platform,
    chatId: string,
    since: number,
    limit: number,
  ): Promise<LeaderboardRow[]> {
    const byUser = new Map<string, LeaderboardRow>();
    for (const a of this.t.answers) {
      if (a.platform !== platform || a.chatId !== chatId || a.at < since) continue;
      const player = this.t.players.get(keyOf(platform, a.userId));
      if (player?.hidden) continue;
      const row = byUser.get(a.userId) ?? {
        userId: a.userId,
        name: player?.name,
        correct: 0,
        answered: 0,
      };
      row.answered += 1;
      if (a.correct) row.correct += 1;
      byUser.set(a.userId, row);
    }
    const ranked = [...byUser.values()].sort(
      (a, b) => b.correct - a.correct || a.answered - b.answered || compareText(a.userId, b.userId),
    );
    return limit < 0 ? ranked : ranked.slice(0, limit);
  }

  private answersOf(platform: Platform, userId: string): AnswerRecord[] {
    return this.t.answers.filter((a) => a.platform === platform && a.userId === userId);
  }

  private reviewsOf(platform: Platform, userId: string): ReviewRow[] {
    return [...this.t.reviews.values()].filter(
      (r) => r.platform === platform && r.userId === userId,
    );
  }

  private mustExist(questionId: number): void {
    if (!this.questionExists(questionId))
      throw constraintFailed(`quiz question #${questionId} does not exist`);
  }
}
