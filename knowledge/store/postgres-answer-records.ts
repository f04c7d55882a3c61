import type pg from "pg";
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
import { PgQueries } from "./pg-queries.js";
import { verdictCounts } from "./verdict-counts.js";

/** Answers, feedback and curated answers on PostgreSQL, shared by every instance. */
export class PostgresAnswerRecords implements AnswerRecords {
  private readonly q: PgQueries;

  constructor(
    pool: pg.Pool,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.q = new PgQueries(pool);
  }

  async record(
    answer: Answer,
    meta: { topic?: string; platform?: string; asker?: string; curatedId?: number },
  ): Promise<number> {
    const row = await this.q.row<{ id: number }>(
      `INSERT INTO answers (question, verdict, mode, answer, citations, topic, platform, asker, curated_id, asked_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [
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
      ],
    );
    return row?.id as number;
  }

  async getAnswer(id: number): Promise<AnswerRecord | undefined> {
    return this.answer(this.q, id);
  }

  async rate(
    answerId: number,
    rating: 1 | -1,
    reason?: string,
    rater?: string,
  ): Promise<FeedbackItem> {
    return this.q.tx(async (q) => {
      const answer = await this.answer(q, answerId);
      if (!answer) throw new QingfengError("NOT_FOUND", `No answer #${answerId} to rate.`);
      // One rating per rater and answer, even when two instances take the same press:
      // the answer row is locked while the rating is looked up and written.
      await q.run("SELECT 1 FROM answers WHERE id = $1 FOR UPDATE", [answerId]);
      const existing = rater
        ? await q.row<{ id: number }>(
            "SELECT id FROM feedback WHERE answer_id = $1 AND rater = $2",
            [answerId, rater],
          )
        : undefined;
      const at = this.now().toISOString();
      let id: number;
      if (existing) {
        await q.run(
          "UPDATE feedback SET rating = $1, reason = COALESCE($2, reason), created_at = $3 WHERE id = $4",
          [rating, reason ?? null, at, existing.id],
        );
        id = existing.id;
      } else {
        const row = await q.row<{ id: number }>(
          "INSERT INTO feedback (answer_id, rating, reason, rater, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
          [answerId, rating, reason ?? null, rater ?? null, at],
        );
        id = row?.id as number;
      }
      return this.feedback(q, id);
    });
  }

  async openReviews(): Promise<FeedbackItem[]> {
    const rows = await this.q.rows<{ id: number }>(
      "SELECT id FROM feedback WHERE rating = -1 AND resolved_at IS NULL ORDER BY id",
    );
    const out: FeedbackItem[] = [];
    for (const r of rows) out.push(await this.feedback(this.q, r.id));
    return out;
  }

  async resolve(feedbackId: number, resolution: string): Promise<FeedbackItem> {
    const changed = await this.q.run(
      "UPDATE feedback SET resolved_at = $1, resolution = $2 WHERE id = $3 AND rating = -1",
      [this.now().toISOString(), resolution, feedbackId],
    );
    if (changed === 0) {
      throw new QingfengError(
        "NOT_FOUND",
        `No 👎 feedback #${feedbackId} to resolve (see \`qingfeng feedback list\`).`,
      );
    }
    return this.feedback(this.q, feedbackId);
  }

  async addCurated(input: Omit<CuratedAnswer, "id" | "createdAt">): Promise<CuratedAnswer> {
    const createdAt = this.now().toISOString();
    const row = await this.q.row<{ id: number }>(
      "INSERT INTO curated_answers (pattern, verdict, answer, chunk_ids, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
      [
        input.pattern,
        input.verdict,
        input.answer,
        JSON.stringify(input.chunkIds),
        input.createdBy ?? null,
        createdAt,
      ],
    );
    return { ...input, id: row?.id as number, createdAt };
  }

  async listCurated(): Promise<CuratedAnswer[]> {
    const rows = await this.q.rows<CuratedRow>(
      "SELECT * FROM curated_answers WHERE active = 1 ORDER BY id",
    );
    return rows.map(toCurated);
  }

  async retireCurated(id: number): Promise<boolean> {
    return (await this.q.run("UPDATE curated_answers SET active = 0 WHERE id = $1", [id])) > 0;
  }

  async stats(sinceIso: string, utcOffsetMinutes = 0): Promise<AnswerStats> {
    const one = async (sql: string, params: unknown[] = []) =>
      (await this.q.row<{ n: number }>(sql, params))?.n ?? 0;
    const questions = await one("SELECT COUNT(*)::int AS n FROM answers WHERE asked_at >= $1", [
      sinceIso,
    ]);
    const rated = (rating: number) =>
      one(
        "SELECT COUNT(*)::int AS n FROM feedback f JOIN answers a ON a.id = f.answer_id WHERE f.rating = $1 AND a.asked_at >= $2",
        [rating, sinceIso],
      );
    const up = await rated(1);
    const down = await rated(-1);
    return {
      since: sinceIso,
      questions,
      // The local calendar day: UTC time shifted by the offset, as SQLite's strftime modifier does.
      perDay: await this.q.rows<{ day: string; questions: number }>(
        `SELECT to_char((asked_at::timestamptz AT TIME ZONE 'UTC') + make_interval(mins => $1), 'YYYY-MM-DD') AS day,
                COUNT(*)::int AS questions
         FROM answers WHERE asked_at >= $2 GROUP BY day ORDER BY day`,
        [utcOffsetMinutes, sinceIso],
      ),
      topTopics: await this.q.rows<{ topic: string; questions: number }>(
        `SELECT topic, COUNT(*)::int AS questions FROM answers WHERE asked_at >= $1 AND topic IS NOT NULL
         GROUP BY topic ORDER BY questions DESC, topic COLLATE "C" LIMIT 10`,
        [sinceIso],
      ),
      unanswered: await this.q.rows<{ question: string; times: number }>(
        `SELECT question, COUNT(*)::int AS times FROM answers WHERE asked_at >= $1 AND verdict = 'not_covered'
         GROUP BY question ORDER BY times DESC, MAX(asked_at) DESC LIMIT 20`,
        [sinceIso],
      ),
      byVerdict: verdictCounts(
        await this.q.rows<{ verdict: Verdict; n: number }>(
          "SELECT verdict, COUNT(*)::int AS n FROM answers WHERE asked_at >= $1 GROUP BY verdict",
          [sinceIso],
        ),
      ),
      thumbsUp: up,
      thumbsDown: down,
      downRate: up + down === 0 ? 0 : Math.round((down / (up + down)) * 1000) / 1000,
      openReviews: await one(
        "SELECT COUNT(*)::int AS n FROM feedback WHERE rating = -1 AND resolved_at IS NULL",
      ),
    };
  }

  async search(filter: AnswerFilter): Promise<AnswerRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace("?", `$${params.length}`));
    };
    if (filter.verdict) add("verdict = ?", filter.verdict);
    if (filter.from) add("asked_at >= ?", filter.from);
    if (filter.to) add("asked_at < ?", filter.to);
    if (filter.topic) add("topic = ?", filter.topic);
    params.push(filter.limit);
    const rows = await this.q.rows<AnswerRow>(
      `SELECT * FROM answers ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY id DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map(toAnswerRecord);
  }

  private async answer(q: PgQueries, id: number): Promise<AnswerRecord | undefined> {
    const row = await q.row<AnswerRow>("SELECT * FROM answers WHERE id = $1", [id]);
    return row ? toAnswerRecord(row) : undefined;
  }

  private async feedback(q: PgQueries, id: number): Promise<FeedbackItem> {
    const row = await q.row<FeedbackRow>("SELECT * FROM feedback WHERE id = $1", [id]);
    if (!row) throw new QingfengError("NOT_FOUND", `No feedback #${id}.`);
    const answer = await this.answer(q, row.answer_id);
    if (!answer)
      throw new QingfengError("NOT_FOUND", `Answer #${row.answer_id} of feedback #${id} is gone.`);
    return toFeedbackItem(row, answer);
  }
}
