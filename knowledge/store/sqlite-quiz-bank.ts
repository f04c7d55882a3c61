import type Database from "better-sqlite3";
import type { QuizBank } from "../ports/quiz-bank.js";
import type { QuestionState, QuizQuestion, StoredQuestion } from "../quiz/question-types.js";
import { type QuestionRow as Row, targeting, toQuestion } from "./quiz-row-fields.js";

export class SqliteQuizBank implements QuizBank {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async add(questions: QuizQuestion[], state: QuestionState = "draft"): Promise<StoredQuestion[]> {
    const at = this.now().toISOString();
    const insert = this.db.prepare(
      `INSERT INTO quiz_questions (kind, stem, options, answer, explanation, source, tags, origin,
         conduct, audiences, admin_only, state, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const ids = this.db.transaction(() =>
      questions.map((q) => {
        const t = targeting(q);
        return Number(
          insert.run(
            q.kind,
            q.stem,
            JSON.stringify(q.options),
            JSON.stringify(q.answer),
            q.explanation,
            JSON.stringify(q.source),
            JSON.stringify(q.tags),
            q.origin,
            t.conduct ?? null,
            JSON.stringify(t.audiences),
            t.adminOnly ? 1 : 0,
            state,
            at,
            at,
          ).lastInsertRowid,
        );
      }),
    )();
    return ids.map((id) => this.read(id)).filter((q): q is StoredQuestion => q !== undefined);
  }

  async get(id: number): Promise<StoredQuestion | undefined> {
    return this.read(id);
  }

  private read(id: number): StoredQuestion | undefined {
    const row = this.db.prepare("SELECT * FROM quiz_questions WHERE id = ?").get(id) as
      | Row
      | undefined;
    return row ? toQuestion(row) : undefined;
  }

  async list(
    filter: { state?: QuestionState | undefined; tags?: string[] | undefined } = {},
  ): Promise<StoredQuestion[]> {
    const rows = (
      filter.state
        ? this.db
            .prepare("SELECT * FROM quiz_questions WHERE state = ? ORDER BY id")
            .all(filter.state)
        : this.db.prepare("SELECT * FROM quiz_questions ORDER BY id").all()
    ) as Row[];
    const tags = filter.tags ?? [];
    return rows
      .map(toQuestion)
      .filter((q) => tags.length === 0 || q.tags.some((t) => tags.includes(t)));
  }

  async setState(ids: number[], state: QuestionState): Promise<number[]> {
    const update = this.db.prepare(
      "UPDATE quiz_questions SET state = ?, updated_at = ? WHERE id = ? AND state != ?",
    );
    const at = this.now().toISOString();
    return this.db.transaction(() =>
      ids.filter((id) => update.run(state, at, id, state).changes > 0),
    )();
  }

  async recordAnswer(id: number, correct: boolean): Promise<void> {
    this.db
      .prepare("UPDATE quiz_questions SET asked = asked + 1, correct = correct + ? WHERE id = ?")
      .run(correct ? 1 : 0, id);
  }
}
