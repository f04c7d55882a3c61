import type { QuizBank } from "../../../knowledge/ports/quiz-bank.js";
import type { StoredQuestion } from "../../../knowledge/quiz/question-types.js";
import type { HandlerContext } from "../../kernel/context.js";
import type { Platform } from "../../kernel/events.js";
import type { Lang } from "../../kernel/i18n.js";
import type { OutMessage } from "../../kernel/out-message.js";
import { ServiceKey } from "../../kernel/services.js";
import type { GroupQuizzes } from "./group-quiz.js";
import type { QuizService } from "./quiz-service.js";

export type { GroupQuizzes } from "./group-quiz.js";
export type { QuizService } from "./quiz-service.js";

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
  recordAnswer(a: AnswerRecord): Promise<void>;
  answeredIds(platform: Platform, userId: string): Promise<Set<number>>;
  player(platform: Platform, userId: string): Promise<PlayerRecord>;
  savePlayer(platform: Platform, userId: string, player: PlayerRecord): Promise<void>;
  review(
    platform: Platform,
    userId: string,
    questionId: number,
  ): Promise<{ box: number; dueAt: number } | undefined>;
  /** Sets a question's review box, or removes it from review (box undefined). */
  setReview(
    platform: Platform,
    userId: string,
    questionId: number,
    review: { box: number; dueAt: number } | undefined,
  ): Promise<void>;
  dueReviews(platform: Platform, userId: string, now: number): Promise<number[]>;
  pendingReviews(platform: Platform, userId: string): Promise<number>;
  totals(platform: Platform, userId: string): Promise<{ answered: number; correct: number }>;
  /** Correct answers per user in a chat since a time, opted-out players left out. */
  leaderboard(
    platform: Platform,
    chatId: string,
    since: number,
    limit: number,
  ): Promise<LeaderboardRow[]>;
}

/**
 * Claims a DM answer for another feature (a campaign's current question):
 * the answer is recorded under `context`, and `answered` continues that
 * feature's flow. Undefined leaves it to practice.
 */
export type AnswerOwner = (
  ctx: HandlerContext,
  questionId: number,
) => Promise<{ context: string; answered(correct: boolean): Promise<void> } | undefined>;

/** Quizzes as other features use them (campaigns ask from the same bank). */
export interface Quizzes {
  service: QuizService;
  /** The question bank (generation, review, import/export). */
  bank: QuizBank;
  rounds: GroupQuizzes;
  /** Lets another feature own some DM answers. */
  addAnswerOwner(owner: AnswerOwner): void;
  /** A question as this user sees it (their stable option order, the chat's language), with a header line. */
  present(
    question: StoredQuestion,
    platform: Platform,
    userId: string,
    lang: Lang,
    header?: string,
  ): OutMessage;
}

export const QUIZ = new ServiceKey<Quizzes>("quiz");
