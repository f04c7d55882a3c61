/**
 * A quiz question drawn from one clause (or table row) of the corpus. The
 * clause is stored with it, so the explanation can quote it and a validator
 * can check the correct answer against it.
 */
export type QuestionKind = "single" | "multiple" | "truefalse" | "scenario";
export type QuestionState = "draft" | "approved" | "retired";

export interface QuestionSource {
  /** The clause (or row) text the answer rests on, verbatim. */
  text: string;
  title: string;
  year?: number | undefined;
  section: string;
  chunkId?: number | undefined;
}

export interface QuizQuestion {
  kind: QuestionKind;
  stem: string;
  options: string[];
  /** 0-based indexes into options; one for single / truefalse / scenario. */
  answer: number[];
  explanation: string;
  source: QuestionSource;
  /** Topic tags (红包, 回扣, 统方 …) for campaigns by topic. */
  tags: string[];
  /** How it was made: which generator, or "llm" / "import". */
  origin: string;
  /** The kind of conduct (knowledge/lexicon/conduct.txt) the question is about, when it is about one. */
  conduct?: string | undefined;
  /** Who it is for (临床, 护理 …, see audiences.ts); none: not targeted at anyone in particular. */
  audiences?: string[] | undefined;
  /**
   * Facts only administrators need (which body leads a task, by when): never
   * asked in staff practice, group rounds or campaigns unless an admin asks.
   */
  adminOnly?: boolean | undefined;
}

export interface StoredQuestion extends QuizQuestion {
  id: number;
  state: QuestionState;
  asked: number;
  correct: number;
  createdAt: string;
}

export type Difficulty = "easy" | "medium" | "hard" | "unknown";

/** Difficulty from answer statistics: too few answers say nothing yet. */
export function difficulty(q: { asked: number; correct: number }): Difficulty {
  if (q.asked < 5) return "unknown";
  const rate = q.correct / q.asked;
  return rate >= 0.8 ? "easy" : rate >= 0.5 ? "medium" : "hard";
}

export const TRUE_FALSE_OPTIONS = ["正确", "错误"];
