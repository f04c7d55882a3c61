import type { QuestionState, QuizQuestion, StoredQuestion } from "../quiz/question-types.js";

/**
 * The conduct, audience and admin-only fields as a bank stores them: always
 * present on a stored question (no audience: [], not admin-only: false), the
 * kind of conduct only when there is one.
 */
export function targeting(q: Pick<QuizQuestion, "conduct" | "audiences" | "adminOnly">): {
  conduct?: string;
  audiences: string[];
  adminOnly: boolean;
} {
  return {
    ...(q.conduct ? { conduct: q.conduct } : {}),
    audiences: [...(q.audiences ?? [])],
    adminOnly: q.adminOnly === true,
  };
}

/** A quiz_questions row as both SQL banks read it. */
export interface QuestionRow {
  id: number;
  kind: QuizQuestion["kind"];
  stem: string;
  options: string;
  answer: string;
  explanation: string;
  source: string;
  tags: string;
  origin: string;
  conduct: string | null;
  audiences: string;
  admin_only: number;
  state: QuestionState;
  asked: number;
  correct: number;
  created_at: string;
}

export function toQuestion(r: QuestionRow): StoredQuestion {
  return {
    id: r.id,
    kind: r.kind,
    stem: r.stem,
    options: JSON.parse(r.options) as string[],
    answer: JSON.parse(r.answer) as number[],
    explanation: r.explanation,
    source: JSON.parse(r.source) as StoredQuestion["source"],
    tags: JSON.parse(r.tags) as string[],
    origin: r.origin,
    ...targeting({
      conduct: r.conduct ?? undefined,
      audiences: JSON.parse(r.audiences) as string[],
      adminOnly: r.admin_only === 1,
    }),
    state: r.state,
    asked: r.asked,
    correct: r.correct,
    createdAt: r.created_at,
  };
}
