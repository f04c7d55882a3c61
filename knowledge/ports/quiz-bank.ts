import type { QuestionState, QuizQuestion, StoredQuestion } from "../quiz/question-types.js";

/** The question bank: generated, imported and reviewed questions with their answer statistics. */
export interface QuizBank {
  add(questions: QuizQuestion[], state?: QuestionState): StoredQuestion[];
  get(id: number): StoredQuestion | undefined;
  list(filter?: {
    state?: QuestionState | undefined;
    tags?: string[] | undefined;
  }): StoredQuestion[];
  /** Changes state; returns the ids that changed. */
  setState(ids: number[], state: QuestionState): number[];
  /** Counts an answer towards the question's difficulty. */
  recordAnswer(id: number, correct: boolean): void;
}
