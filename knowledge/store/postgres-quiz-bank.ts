import type pg from "pg";
import type { QuizBank } from "../ports/quiz-bank.js";
import type { QuestionState, QuizQuestion, StoredQuestion } from "../quiz/question-types.js";
import { PgQueries } from "./pg-queries.js";
import { type QuestionRow, targeting, toQuestion } from "./quiz-row-fields.js";

/** The question bank on PostgreSQL, shared by every instance (table: postgres-schema.ts). */
export class PostgresQuizBank implements QuizBank {
  private readonly q: PgQueries;

  constructor(
    pool: pg.Pool,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.q = new PgQueries(pool);
  }

  async add(questions: QuizQuestion[], state: QuestionState = "draft"): Promise<StoredQuestion[]> {
    const at = this.now().toISOString();
    const rows = await this.q.tx(async (q) => {
      const out: QuestionRow[] = [];
      for (const question of questions) {
        const t = targeting(question);
        const row = await q.row<QuestionRow>(
          `INSERT INTO quiz_questions (kind, stem, options, answer, explanation, source, tags, origin,
             conduct, audiences, admin_only, state, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING *`,
          [
            question.kind,
            question.stem,
            JSON.stringify(question.options),
            JSON.stringify(question.answer),
            question.explanation,
            JSON.stringify(question.source),
            JSON.stringify(question.tags),
            question.origin,
            t.conduct ?? null,
            JSON.stringify(t.audiences),
            t.adminOnly ? 1 : 0,
            state,
            at,
            at,
          ],
        );
        if (row) out.push(row);
      }
      return out;
    });
    return rows.map(toQuestion);
  }

  async get(id: number): Promise<StoredQuestion | undefined> {
    const row = await this.q.row<QuestionRow>("SELECT * FROM quiz_questions WHERE id = $1", [id]);
    return row ? toQuestion(row) : undefined;
  }

  async list(
    filter: { state?: QuestionState | undefined; tags?: string[] | undefined } = {},
  ): Promise<StoredQuestion[]> {
    const rows = filter.state
      ? await this.q.rows<QuestionRow>(
          "SELECT * FROM quiz_questions WHERE state = $1 ORDER BY id",
          [filter.state],
        )
      : await this.q.rows<QuestionRow>("SELECT * FROM quiz_questions ORDER BY id");
    const tags = filter.tags ?? [];
    return rows
      .map(toQuestion)
      .filter((q) => tags.length === 0 || q.tags.some((t) => tags.includes(t)));
  }

  async setState(ids: number[], state: QuestionState): Promise<number[]> {
    if (ids.length === 0) return [];
    const rows = await this.q.rows<{ id: number }>(
      `UPDATE quiz_questions SET state = $1, updated_at = $2
       WHERE id = ANY($3::int[]) AND state <> $1 RETURNING id`,
      [state, this.now().toISOString(), ids],
    );
    const changed = new Set(rows.map((r) => r.id));
    // In the order asked, as SQLite's one-by-one updates return them.
    return [...new Set(ids)].filter((id) => changed.has(id));
  }

  async recordAnswer(id: number, correct: boolean): Promise<void> {
    // One statement: answers from several instances add up, none is lost.
    await this.q.run(
      "UPDATE quiz_questions SET asked = asked + 1, correct = correct + $1 WHERE id = $2",
      [correct ? 1 : 0, id],
    );
  }
}
