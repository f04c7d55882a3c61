import { localDate } from "../../lib/local-time.js";
import type { Answer, Verdict } from "../answer/answer-types.js";
import { QingfengError } from "../errors.js";
import type {
  AnswerFilter,
  AnswerRecord,
  AnswerRecords,
  AnswerStats,
  CuratedAnswer,
  FeedbackItem,
} from "../ports/answer-records.js";
import { verdictCounts } from "./verdict-counts.js";

/** An answers row: the record plus what is written but never read back. */
interface AnswerRow extends AnswerRecord {
  platform: string | null;
  asker: string | null;
  curatedId: number | null;
}

/** A feedback row. */
interface FeedbackRow {
  id: number;
  answerId: number;
  rating: 1 | -1;
  reason: string | null;
  rater: string | null;
  createdAt: string;
  resolvedAt: string | null;
  resolution: string | null;
}

/** A curated_answers row. */
interface CuratedRow extends CuratedAnswer {
  active: boolean;
}

/**
 * Answers, feedback and curated answers in memory, as SqliteAnswerRecords
 * keeps them: for tests, and for any composition without a database.
 */
export class MemoryAnswerRecords implements AnswerRecords {
  private readonly answers = new Map<number, AnswerRow>();
  private readonly feedbackRows = new Map<number, FeedbackRow>();
  private readonly curated = new Map<number, CuratedRow>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  async record(answer: Answer, meta: Parameters<AnswerRecords["record"]>[1]): Promise<number> {
    const id = nextId(this.answers);
    this.answers.set(id, {
      id,
      question: answer.question,
      verdict: answer.verdict,
      mode: answer.mode,
      answer: answer.answer,
      chunkIds: answer.citations.map((c) => c.chunkId),
      topic: meta.topic,
      askedAt: this.now().toISOString(),
      platform: meta.platform ?? null,
      asker: meta.asker ?? null,
      curatedId: meta.curatedId ?? null,
    });
    return id;
  }

  async getAnswer(id: number): Promise<AnswerRecord | undefined> {
    return this.answer(id);
  }

  async rate(
    answerId: number,
    rating: 1 | -1,
    reason?: string,
    rater?: string,
  ): Promise<FeedbackItem> {
    // No await until the row is written: two ratings by one rater never both insert.
    if (!this.answers.has(answerId)) {
      throw new QingfengError("NOT_FOUND", `No answer #${answerId} to rate.`);
    }
    const at = this.now().toISOString();
    const existing = rater
      ? [...this.feedbackRows.values()].find((f) => f.answerId === answerId && f.rater === rater)
      : undefined;
    if (existing) {
      existing.rating = rating;
      existing.reason = reason ?? existing.reason;
      existing.createdAt = at;
      return this.feedback(existing);
    }
    const row: FeedbackRow = {
      id: nextId(this.feedbackRows),
      answerId,
      rating,
      reason: reason ?? null,
      rater: rater ?? null,
      createdAt: at,
      resolvedAt: null,
      resolution: null,
    };
    this.feedbackRows.set(row.id, row);
    return this.feedback(row);
  }

  async openReviews(): Promise<FeedbackItem[]> {
    return [...this.feedbackRows.values()]
      .filter(isOpenReview)
      .sort((a, b) => a.id - b.id)
      .map((f) => this.feedback(f));
  }

  async resolve(feedbackId: number, resolution: string): Promise<FeedbackItem> {
    const row = this.feedbackRows.get(feedbackId);
    // As the SQL's `WHERE id = ? AND rating = -1`: a resolved 👎 may be resolved again.
    if (!row || row.rating !== -1) {
      throw new QingfengError(
        "NOT_FOUND",
        `No 👎 feedback #${feedbackId} to resolve (see \`qingfeng feedback list\`).`,
      );
    }
    row.resolvedAt = this.now().toISOString();
    row.resolution = resolution;
    return this.feedback(row);
  }

  async addCurated(input: Omit<CuratedAnswer, "id" | "createdAt">): Promise<CuratedAnswer> {
    const createdAt = this.now().toISOString();
    const id = nextId(this.curated);
    this.curated.set(id, {
      id,
      pattern: input.pattern,
      verdict: input.verdict,
      answer: input.answer,
      chunkIds: [...input.chunkIds],
      createdBy: input.createdBy,
      createdAt,
      active: true,
    });
    return { ...input, id, createdAt };
  }

  async listCurated(): Promise<CuratedAnswer[]> {
    return [...this.curated.values()]
      .filter((c) => c.active)
      .sort((a, b) => a.id - b.id)
      .map(({ active: _active, ...c }) => ({ ...c, chunkIds: [...c.chunkIds] }));
  }

  async retireCurated(id: number): Promise<boolean> {
    const row = this.curated.get(id);
    // An UPDATE counts the row it matched, retired already or not.
    if (!row) return false;
    row.active = false;
    return true;
  }

  async stats(sinceIso: string, utcOffsetMinutes = 0): Promise<AnswerStats> {
    const recent = [...this.answers.values()].filter(
      (a) => binaryCompare(a.askedAt, sinceIso) >= 0,
    );
    const recentIds = new Set(recent.map((a) => a.id));
    const rated = [...this.feedbackRows.values()].filter((f) => recentIds.has(f.answerId));
    const up = rated.filter((f) => f.rating === 1).length;
    const down = rated.filter((f) => f.rating === -1).length;
    const perDay = countBy(recent, (a) => localDate(a.askedAt, utcOffsetMinutes))
      .map(({ key, rows }) => ({ day: key, questions: rows.length }))
      .sort((a, b) => binaryCompare(a.day, b.day));
    const topTopics = countBy(
      recent.filter((a) => a.topic !== undefined),
      (a) => a.topic ?? "",
    )
      .map(({ key, rows }) => ({ topic: key, questions: rows.length }))
      .sort((a, b) => b.questions - a.questions || binaryCompare(a.topic, b.topic))
      .slice(0, 10);
    const unanswered = countBy(
      recent.filter((a) => a.verdict === "not_covered"),
      (a) => a.question,
    )
      .map(({ key, rows }) => ({
        question: key,
        times: rows.length,
        last:
          rows
            .map((a) => a.askedAt)
            .sort(binaryCompare)
            .at(-1) ?? "",
      }))
      .sort((a, b) => b.times - a.times || binaryCompare(b.last, a.last))
      .slice(0, 20)
      .map(({ question, times }) => ({ question, times }));
    return {
      since: sinceIso,
      questions: recent.length,
      perDay,
      topTopics,
      unanswered,
      byVerdict: verdictCounts(
        countBy(recent, (a) => a.verdict).map(({ key, rows }) => ({
          verdict: key as Verdict,
          n: rows.length,
        })),
      ),
      thumbsUp: up,
      thumbsDown: down,
      downRate: up + down === 0 ? 0 : Math.round((down / (up + down)) * 1000) / 1000,
      // Not limited to the period, as the SQL counts it: the queue as it stands.
      openReviews: [...this.feedbackRows.values()].filter(isOpenReview).length,
    };
  }

  async search(filter: AnswerFilter): Promise<AnswerRecord[]> {
    const out: AnswerRecord[] = [];
    for (const row of [...this.answers.values()].sort((a, b) => b.id - a.id)) {
      if (out.length >= filter.limit) break;
      if (filter.verdict && row.verdict !== filter.verdict) continue;
      if (filter.from && binaryCompare(row.askedAt, filter.from) < 0) continue;
      if (filter.to && binaryCompare(row.askedAt, filter.to) >= 0) continue;
      if (filter.topic && row.topic !== filter.topic) continue;
      const record = this.answer(row.id);
      if (record) out.push(record);
    }
    return out;
  }

  private answer(id: number): AnswerRecord | undefined {
    const row = this.answers.get(id);
    if (!row) return undefined;
    return {
      id: row.id,
      question: row.question,
      verdict: row.verdict,
      mode: row.mode,
      answer: row.answer,
      chunkIds: [...row.chunkIds],
      topic: row.topic,
      askedAt: row.askedAt,
    };
  }

  private feedback(row: FeedbackRow): FeedbackItem {
    const answer = this.answer(row.answerId);
    if (!answer) {
      throw new QingfengError(
        "NOT_FOUND",
        `Answer #${row.answerId} of feedback #${row.id} is gone.`,
      );
    }
    return {
      id: row.id,
      answerId: row.answerId,
      rating: row.rating,
      reason: row.reason ?? undefined,
      createdAt: row.createdAt,
      resolvedAt: row.resolvedAt ?? undefined,
      resolution: row.resolution ?? undefined,
      answer,
    };
  }
}

/** An INTEGER PRIMARY KEY: one more than the largest id, the count as rows are never deleted. */
function nextId(rows: Map<number, unknown>): number {
  return rows.size + 1;
}

function isOpenReview(f: FeedbackRow): boolean {
  return f.rating === -1 && f.resolvedAt === null;
}

/** Rows grouped by a key, in key order as SQLite's GROUP BY hands them to ORDER BY. */
function countBy<T>(rows: T[], key: (row: T) => string): { key: string; rows: T[] }[] {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return [...groups]
    .map(([k, rs]) => ({ key: k, rows: rs }))
    .sort((a, b) => binaryCompare(a.key, b.key));
}

/**
 * SQLite's BINARY collation: UTF-8 byte order, which is code point order (a
 * plain `<` compares UTF-16 units and puts astral characters too early).
 */
function binaryCompare(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i]?.codePointAt(0) ?? 0) - (y[i]?.codePointAt(0) ?? 0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}
