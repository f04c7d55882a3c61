import type { QuizBank } from "../ports/quiz-bank.js";
import type { StoredChunk } from "../types.js";
import { fingerprint, generateQuestions, jaccard } from "./generate-questions.js";
import type { QuizQuestion, StoredQuestion } from "./question-types.js";
import { validateQuestion } from "./validate-question.js";

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
): Promise<AddReport & { nearDuplicates: number; alreadyInBank: number }> {
  // Retired questions count too: retiring one must not bring it back at the next run.
  const existing = await bank.list();
  const report = generateQuestions(chunks, { count, existing });
  return {
    added: await bank.add(report.questions, "draft"),
    rejected: report.invalid.map((x, index) => ({
      index,
      stem: x.question.stem,
      problems: x.problems,
    })),
    nearDuplicates: report.nearDuplicates,
    alreadyInBank: report.alreadyInBank,
  };
}

/**
 * Adds questions written elsewhere (an export, a spreadsheet, a model):
 * each is validated against its clause and against the bank for
 * near-duplicates; what fails is reported, the rest stored as drafts.
 */
export async function importInto(bank: QuizBank, questions: QuizQuestion[]): Promise<AddReport> {
  const seen = (await bank.list()).filter((q) => q.state !== "retired").map(fingerprint);
  const ok: QuizQuestion[] = [];
  const rejected: AddReport["rejected"] = [];
  questions.forEach((q, index) => {
    const problems = validateQuestion(q);
    const fp = fingerprint(q);
    if (problems.length === 0 && seen.some((s) => jaccard(s, fp) >= NEAR_DUPLICATE))
      problems.push("near-duplicate of a question already in the bank");
    if (problems.length > 0) {
      rejected.push({ index, stem: q.stem, problems });
      return;
    }
    seen.push(fp);
    ok.push(q);
  });
  return { added: await bank.add(ok, "draft"), rejected };
}
