import type { Answer, Verdict } from "../answer/answer-types.js";
import type { AnswerRecord, CuratedAnswer, FeedbackItem } from "../ports/answer-records.js";

/** Rows of answers, feedback and curated_answers as both SQL stores read them. */
export interface AnswerRow {
  id: number;
  question: string;
  verdict: Verdict;
  mode: Answer["mode"];
  answer: string;
  citations: string;
  topic: string | null;
  asked_at: string;
}

export interface FeedbackRow {
  id: number;
  answer_id: number;
  rating: 1 | -1;
  reason: string | null;
  created_at: string;
  resolved_at: string | null;
  resolution: string | null;
}

export interface CuratedRow {
  id: number;
  pattern: string;
  verdict: Verdict;
  answer: string;
  chunk_ids: string;
  created_by: string | null;
  created_at: string;
}

export function toCurated(r: CuratedRow): CuratedAnswer {
  return {
    id: r.id,
    pattern: r.pattern,
    verdict: r.verdict,
    answer: r.answer,
    chunkIds: JSON.parse(r.chunk_ids) as number[],
    createdBy: r.created_by ?? undefined,
    createdAt: r.created_at,
  };
}

export function toFeedbackItem(row: FeedbackRow, answer: AnswerRecord): FeedbackItem {
  return {
    id: row.id,
    answerId: row.answer_id,
    rating: row.rating,
    reason: row.reason ?? undefined,
    createdAt: row.created_at,
    resolvedAt: row.resolved_at ?? undefined,
    resolution: row.resolution ?? undefined,
    answer,
  };
}

export function toAnswerRecord(row: AnswerRow): AnswerRecord {
  return {
    id: row.id,
    question: row.question,
    verdict: row.verdict,
    mode: row.mode,
    answer: row.answer,
    chunkIds: JSON.parse(row.citations) as number[],
    topic: row.topic ?? undefined,
    askedAt: row.asked_at,
  };
}
