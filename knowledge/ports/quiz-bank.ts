import type { QuestionState, QuizQuestion, StoredQuestion } from "../quiz/question-types.js";

/** The question bank: generated, imported and reviewed questions with their answer statistics. */
export interface QuizBank {
  add(questions: QuizQuestion[], state?: QuestionState): Promise<StoredQuestion[]>;
  get(id: number): Promise<StoredQuestion | undefined>;
  list(filter?: {
    state?: QuestionState | undefined;
    tags?: string[] | undefined;
  }): Promise<StoredQuestion[]>;
  /** Changes state; returns the ids that changed. */
  setState(ids: number[], state: QuestionState): Promise<number[]>;
  /** Counts an answer towards the question's difficulty. */
  recordAnswer(id: number, correct: boolean): Promise<void>;
}
