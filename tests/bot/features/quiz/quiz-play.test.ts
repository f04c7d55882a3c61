import { describe } from "vitest";
import { openQuizStores } from "../../../../bot/features/quiz/stores.js";
import { BACKENDS } from "../../../contracts/backends.js";
import { quizBankContract } from "../../../contracts/quiz-bank.contract.js";
import { quizPlayContract } from "../../../contracts/quiz-play.contract.js";

describe.each(BACKENDS)("quiz stores on $name", (backend) => {
  backend.hooks();
  describe("play", () => {
    quizPlayContract(() => {
      const { storage, close } = backend.open();
      return { ...openQuizStores(storage, () => Date.parse("2026-11-24T01:00:00Z")), close };
    });
  });
  // The bank as the quiz feature opens it on each backend.
  describe("bank", () => {
    quizBankContract((now) => {
      const { storage, close } = backend.open();
      return { bank: openQuizStores(storage, () => now().getTime()).bank, close };
    });
  });
});
