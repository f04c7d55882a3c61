import type { Platform } from "../../kernel/events.js";

export interface AnswerRecord {
  questionId: number;
  platform: Platform;
  userId: string;
  chatId: string;
  correct: boolean;
  /** practice, group:<chat>, campaign:<id>. */
  context: string;
  at: number;
}

export interface PlayerRecord {
  name?: string | undefined;
  streak: number;
  bestStreak: number;
  /** Opted out of leaderboards. */
  hidden: boolean;
}

export interface LeaderboardRow {
  userId: string;
  name?: string | undefined;
  correct: number;
  answered: number;
}

/** Who answered what, streaks, leaderboard opt-outs and spaced-repetition boxes. */
export interface QuizPlayStore {
  recordAnswer(a: AnswerRecord): void;
  answeredIds(platform: Platform, userId: string): Set<number>;
  player(platform: Platform, userId: string): PlayerRecord;
  savePlayer(platform: Platform, userId: string, player: PlayerRecord): void;
  review(
    platform: Platform,
    userId: string,
    questionId: number,
  ): { box: number; dueAt: number } | undefined;
  /** Sets a question's review box, or removes it from review (box undefined). */
  setReview(
    platform: Platform,
    userId: string,
    questionId: number,
    review: { box: number; dueAt: number } | undefined,
  ): void;
  dueReviews(platform: Platform, userId: string, now: number): number[];
  pendingReviews(platform: Platform, userId: string): number;
  totals(platform: Platform, userId: string): { answered: number; correct: number };
  /** Correct answers per user in a chat since a time, opted-out players left out. */
  leaderboard(platform: Platform, chatId: string, since: number, limit: number): LeaderboardRow[];
}
