import type { QuizBank } from "../ports/quiz-bank.js";
import type { QuestionState, QuizQuestion, StoredQuestion } from "../quiz/question-types.js";
import { targeting } from "./quiz-row-fields.js";

/** A quiz_questions row. */
export interface QuestionRow extends StoredQuestion {
  updatedAt: string;
}

/**
 * The question bank in memory, as SqliteQuizBank keeps it. `rows` is the
 * quiz_questions table: the bot's memory storage passes its own, so the
 * quiz-play store can see which questions exist.
 */
export class MemoryQuizBank implements QuizBank {
  constructor(
    private readonly now: () => Date = () => new Date(),
    private readonly rows: Map<number, QuestionRow> = new Map(),
  ) {}

  async add(questions: QuizQuestion[], state: QuestionState = "draft"): Promise<StoredQuestion[]> {
    const at = this.now().toISOString();
    return questions.map((q) => {
      // An INTEGER PRIMARY KEY: one more than the largest id (rows are never deleted).
      const id = Math.max(0, ...this.rows.keys()) + 1;
      const row: QuestionRow = {
        ...stored(q),
        id,
        state,
        asked: 0,
        correct: 0,
        createdAt: at,
        updatedAt: at,
      };
      this.rows.set(id, row);
      return toQuestion(row);
    });
  }

  async get(id: number): Promise<StoredQuestion | undefined> {
    const row = this.rows.get(id);
    return row ? toQuestion(row) : undefined;
  }

  async list(
    filter: { state?: QuestionState | undefined; tags?: string[] | undefined } = {},
  ): Promise<StoredQuestion[]> {
    const tags = filter.tags ?? [];
    return [...this.rows.values()]
      .filter((r) => !filter.state || r.state === filter.state)
      .sort((a, b) => a.id - b.id)
      .map(toQuestion)
      .filter((q) => tags.length === 0 || q.tags.some((t) => tags.includes(t)));
  }

  async setState(ids: number[], state: QuestionState): Promise<number[]> {
    const at = this.now().toISOString();
    return ids.filter((id) => {
      const row = this.rows.get(id);
      if (!row || row.state === state) return false;
      row.state = state;
      row.updatedAt = at;
      return true;
    });
  }

  async recordAnswer(id: number, correct: boolean): Promise<void> {
    const row = this.rows.get(id);
    if (!row) return;
    row.asked += 1;
    if (correct) row.correct += 1;
  }
}

/** A question's columns as SQLite holds them: options, answer, source and tags go through JSON. */
function stored(q: QuizQuestion): QuizQuestion {
  return {
    kind: q.kind,
    stem: q.stem,
    options: jsonCopy(q.options),
    answer: jsonCopy(q.answer),
    explanation: q.explanation,
    source: jsonCopy(q.source),
    tags: jsonCopy(q.tags),
    origin: q.origin,
    ...targeting(q),
  };
}

function jsonCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function toQuestion(r: QuestionRow): StoredQuestion {
  return {
    id: r.id,
    ...stored(r),
    state: r.state,
    asked: r.asked,
    correct: r.correct,
    createdAt: r.createdAt,
  };
}
