import type Database from "better-sqlite3";
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
import {
  type AnswerRow,
  type CuratedRow,
  type FeedbackRow,
  toAnswerRecord,
  toCurated,
  toFeedbackItem,
} from "./answer-rows.js";
import { verdictCounts } from "./verdict-counts.js";

/** Answers, feedback and curated answers in the same SQLite database as the documents. */
export class SqliteAnswerRecords implements AnswerRecords {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async record(
    answer: Answer,
    meta: { topic?: string; platform?: string; asker?: string; curatedId?: number },
  ): Promise<number> {
    const info = this.db
      .prepare(
        `INSERT INTO answers (question, verdict, mode, answer, citations, topic, platform, asker, curated_id, asked_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        answer.question,
        answer.verdict,
        answer.mode,
        answer.answer,
        JSON.stringify(answer.citations.map((c) => c.chunkId)),
        meta.topic ?? null,
        meta.platform ?? null,
        meta.asker ?? null,
        meta.curatedId ?? null,
        this.now().toISOString(),
      );
    return Number(info.lastInsertRowid);
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
    const answer = this.answer(answerId);
    if (!answer) throw new QingfengError("NOT_FOUND", `No answer #${answerId} to rate.`);
    return this.db.transaction(() => {
      const existing = rater
        ? (this.db
            .prepare("SELECT id FROM feedback WHERE answer_id = ? AND rater = ?")
            .get(answerId, rater) as { id: number } | undefined)
        : undefined;
      const at = this.now().toISOString();
      let id: number;
      if (existing) {
        this.db
          .prepare(
            "UPDATE feedback SET rating = ?, reason = COALESCE(?, reason), created_at = ? WHERE id = ?",
          )
          .run(rating, reason ?? null, at, existing.id);
        id = existing.id;
      } else {
        id = Number(
          this.db
            .prepare(
              "INSERT INTO feedback (answer_id, rating, reason, rater, created_at) VALUES (?, ?, ?, ?, ?)",
            )
            .run(answerId, rating, reason ?? null, rater ?? null, at).lastInsertRowid,
        );
      }
      return this.feedback(id);
    })();
  }

  async openReviews(): Promise<FeedbackItem[]> {
    const rows = this.db
      .prepare("SELECT id FROM feedback WHERE rating = -1 AND resolved_at IS NULL ORDER BY id")
      .all() as { id: number }[];
    return rows.map((r) => this.feedback(r.id));
  }

  async resolve(feedbackId: number, resolution: string): Promise<FeedbackItem> {
    const info = this.db
      .prepare("UPDATE feedback SET resolved_at = ?, resolution = ? WHERE id = ? AND rating = -1")
      .run(this.now().toISOString(), resolution, feedbackId);
    if (info.changes === 0) {
      throw new QingfengError(
        "NOT_FOUND",
        `No 👎 feedback #${feedbackId} to resolve (see \`qingfeng feedback list\`).`,
      );
    }
    return this.feedback(feedbackId);
  }

  async addCurated(input: Omit<CuratedAnswer, "id" | "createdAt">): Promise<CuratedAnswer> {
    const createdAt = this.now().toISOString();
    const id = Number(
      this.db
        .prepare(
          "INSERT INTO curated_answers (pattern, verdict, answer, chunk_ids, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        )
        .run(
          input.pattern,
          input.verdict,
          input.answer,
          JSON.stringify(input.chunkIds),
          input.createdBy ?? null,
          createdAt,
        ).lastInsertRowid,
    );
    return { ...input, id, createdAt };
  }

  async listCurated(): Promise<CuratedAnswer[]> {
    const rows = this.db
      .prepare("SELECT * FROM curated_answers WHERE active = 1 ORDER BY id")
      .all() as CuratedRow[];
    return rows.map(toCurated);
  }

  async retireCurated(id: number): Promise<boolean> {
    return (
      this.db.prepare("UPDATE curated_answers SET active = 0 WHERE id = ?").run(id).changes > 0
    );
  }

  async stats(sinceIso: string, utcOffsetMinutes = 0): Promise<AnswerStats> {
    const all = <T>(sql: string, ...params: unknown[]) =>
      this.db.prepare(sql).all(...params) as T[];
    const one = (sql: string, ...params: unknown[]) =>
      (this.db.prepare(sql).get(...params) as { n: number }).n;
    const questions = one("SELECT COUNT(*) AS n FROM answers WHERE asked_at >= ?", sinceIso);
    const up = one(
      "SELECT COUNT(*) AS n FROM feedback f JOIN answers a ON a.id = f.answer_id WHERE f.rating = 1 AND a.asked_at >= ?",
      sinceIso,
    );
    const down = one(
      "SELECT COUNT(*) AS n FROM feedback f JOIN answers a ON a.id = f.answer_id WHERE f.rating = -1 AND a.asked_at >= ?",
      sinceIso,
    );
    return {
      since: sinceIso,
      questions,
      perDay: all<{ day: string; questions: number }>(
        "SELECT strftime('%Y-%m-%d', asked_at, ?) AS day, COUNT(*) AS questions FROM answers WHERE asked_at >= ? GROUP BY day ORDER BY day",
        `${utcOffsetMinutes >= 0 ? "+" : ""}${utcOffsetMinutes} minutes`,
        sinceIso,
      ),
      topTopics: all<{ topic: string; questions: number }>(
        "SELECT topic, COUNT(*) AS questions FROM answers WHERE asked_at >= ? AND topic IS NOT NULL GROUP BY topic ORDER BY questions DESC, topic LIMIT 10",
        sinceIso,
      ),
      unanswered: all<{ question: string; times: number }>(
        "SELECT question, COUNT(*) AS times FROM answers WHERE asked_at >= ? AND verdict = 'not_covered' GROUP BY question ORDER BY times DESC, MAX(asked_at) DESC LIMIT 20",
        sinceIso,
      ),
      byVerdict: verdictCounts(
        all<{ verdict: Verdict; n: number }>(
          "SELECT verdict, COUNT(*) AS n FROM answers WHERE asked_at >= ? GROUP BY verdict",
          sinceIso,
        ),
      ),
      thumbsUp: up,
      thumbsDown: down,
      downRate: up + down === 0 ? 0 : Math.round((down / (up + down)) * 1000) / 1000,
      openReviews: one(
        "SELECT COUNT(*) AS n FROM feedback WHERE rating = -1 AND resolved_at IS NULL",
      ),
    };
  }

  async search(filter: AnswerFilter): Promise<AnswerRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.verdict) where.push("verdict = ?") && params.push(filter.verdict);
    if (filter.from) where.push("asked_at >= ?") && params.push(filter.from);
    if (filter.to) where.push("asked_at < ?") && params.push(filter.to);
    if (filter.topic) where.push("topic = ?") && params.push(filter.topic);
    const rows = this.db
      .prepare(
        `SELECT * FROM answers ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY id DESC LIMIT ?`,
      )
      .all(...params, filter.limit) as AnswerRow[];
    return rows.map(toAnswerRecord);
  }

  // The private readers stay synchronous, so the transaction in `rate` never spans an await.
  private answer(id: number): AnswerRecord | undefined {
    const row = this.db.prepare("SELECT * FROM answers WHERE id = ?").get(id) as
      | AnswerRow
      | undefined;
    return row ? toAnswerRecord(row) : undefined;
  }

  private feedback(id: number): FeedbackItem {
    const row = this.db.prepare("SELECT * FROM feedback WHERE id = ?").get(id) as FeedbackRow;
    const answer = this.answer(row.answer_id);
    if (!answer)
      throw new QingfengError("NOT_FOUND", `Answer #${row.answer_id} of feedback #${id} is gone.`);
    return toFeedbackItem(row, answer);
  }
}
