import type { QuizQuestion } from "../quiz/question-types.js";

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
