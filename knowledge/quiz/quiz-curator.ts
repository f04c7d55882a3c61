import type { QuizBank } from "../ports/quiz-bank.js";
import type { StoredChunk } from "../types.js";
import {
  composedLike,
  exactKey,
  fingerprint,
  type GenerateOptions,
  generateQuestions,
  jaccard,
} from "./generate-questions.js";
import type { QuizQuestion, StoredQuestion } from "./question-types.js";
import { validateQuestion } from "./validate-question.js";
import type { ValidationContext } from "./validation-context.js";

/** The questions stored as drafts, and the rejected ones with their problems. */
export interface AddReport {
  added: StoredQuestion[];
  rejected: { index: number; stem: string; problems: string[] }[];
}

const NEAR_DUPLICATE = 0.6;

/** Generates questions from the corpus into the bank as drafts, skipping what the bank already has. */
export async function generateInto(
  bank: QuizBank,
  chunks: StoredChunk[],
  count?: number,
  options: Omit<GenerateOptions, "count" | "existing"> = {},
): Promise<AddReport & { nearDuplicates: number; alreadyInBank: number; ungoverned: string[] }> {
  // Retired questions count too: retiring one must not bring it back at the next run.
  const existing = await bank.list();
  const report = generateQuestions(chunks, { ...options, count, existing });
  return {
    added: await bank.add(report.questions, "draft"),
    rejected: report.invalid.map((x, index) => ({
      index,
      stem: x.question.stem,
      problems: x.problems,
    })),
    nearDuplicates: report.nearDuplicates,
    alreadyInBank: report.alreadyInBank,
    ungoverned: report.ungoverned,
  };
}

/**
 * Adds questions written elsewhere (an export, a spreadsheet, a model):
 * each is validated against its clause and against the bank for
 * near-duplicates; what fails is reported, the rest stored as drafts.
 */
export async function importInto(
  bank: QuizBank,
  questions: QuizQuestion[],
  context: Partial<ValidationContext> = {},
): Promise<AddReport> {
  const live = (await bank.list()).filter((q) => q.state !== "retired");
  const seen = live.map((q) => ({
    fp: fingerprint(q),
    key: exactKey(q),
    composed: composedLike(q),
  }));
  const ok: QuizQuestion[] = [];
  const rejected: AddReport["rejected"] = [];
  questions.forEach((q, index) => {
    const problems = validateQuestion(q, context);
    const mine = { fp: fingerprint(q), key: exactKey(q), composed: composedLike(q) };
    // Variants of one situation differ by a word: only the same question is a duplicate of them.
    const twin = seen.some((s) =>
      s.composed || mine.composed ? s.key === mine.key : jaccard(s.fp, mine.fp) >= NEAR_DUPLICATE,
    );
    if (problems.length === 0 && twin)
      problems.push("near-duplicate of a question already in the bank");
    if (problems.length > 0) {
      rejected.push({ index, stem: q.stem, problems });
      return;
    }
    seen.push(mine);
    ok.push(q);
  });
  return { added: await bank.add(ok, "draft"), rejected };
}
