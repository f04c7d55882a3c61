import type { Answer, Verdict } from "../answer/answer-types.js";

/** A curated (vetted) standard answer pinned to a question pattern by an admin. */
export interface CuratedAnswer {
  id: number;
  pattern: string;
  verdict: Verdict;
  answer: string;
  chunkIds: number[];
  createdBy?: string | undefined;
  createdAt: string;
}

export interface AnswerRecord {
  id: number;
  question: string;
  verdict: Verdict;
  mode: Answer["mode"];
  answer: string;
  chunkIds: number[];
  topic?: string | undefined;
  askedAt: string;
}

export interface FeedbackItem {
  id: number;
  answerId: number;
  rating: 1 | -1;
  reason?: string | undefined;
  createdAt: string;
  resolvedAt?: string | undefined;
  resolution?: string | undefined;
  answer: AnswerRecord;
}

export interface AnswerStats {
  since: string;
  questions: number;
  perDay: { day: string; questions: number }[];
  topTopics: { topic: string; questions: number }[];
  unanswered: { question: string; times: number }[];
  /** Questions per verdict (answered vs 未涉及), every verdict present. */
  byVerdict: Record<Verdict, number>;
  thumbsUp: number;
  thumbsDown: number;
  /** Share of rated answers rated 👎. */
  downRate: number;
  openReviews: number;
}

/** Which answers the question log shows: newest first, at most `limit`. */
export interface AnswerFilter {
  verdict?: Verdict | undefined;
  /** ISO times, inclusive from, exclusive to. */
  from?: string | undefined;
  to?: string | undefined;
  /** The kind of conduct the question was mapped to. */
  topic?: string | undefined;
  limit: number;
}

/**
 * Answers given, their 👍/👎 feedback and the curated answers admins pin.
 * Privacy: `asker` is only ever written when identity storage is switched on.
 */
export interface AnswerRecords {
  record(
    answer: Answer,
    meta: {
      topic?: string | undefined;
      platform?: string | undefined;
      asker?: string | undefined;
      curatedId?: number | undefined;
    },
  ): Promise<number>;
  getAnswer(id: number): Promise<AnswerRecord | undefined>;
  /** Idempotent per rater and answer: a second rating replaces the first. */
  rate(answerId: number, rating: 1 | -1, reason?: string, rater?: string): Promise<FeedbackItem>;
  /** The review queue: 👎 not yet resolved, oldest first. */
  openReviews(): Promise<FeedbackItem[]>;
  resolve(feedbackId: number, resolution: string): Promise<FeedbackItem>;
  addCurated(input: Omit<CuratedAnswer, "id" | "createdAt">): Promise<CuratedAnswer>;
  listCurated(): Promise<CuratedAnswer[]>;
  retireCurated(id: number): Promise<boolean>;
  /**
   * Figures since a time; questions per day are counted by the local calendar day
   * (`utcOffsetMinutes` east of UTC), as the people reading them live it.
   */
  stats(sinceIso: string, utcOffsetMinutes?: number): Promise<AnswerStats>;
  /** The (anonymous) question log: answers matching the filter, newest first. */
  search(filter: AnswerFilter): Promise<AnswerRecord[]>;
}
