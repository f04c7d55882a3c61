import { describe } from "vitest";
import { MemoryQuizBank } from "../../../knowledge/store/memory-quiz-bank.js";
import { SqliteQuizBank } from "../../../knowledge/store/sqlite-quiz-bank.js";
import { openDatabase } from "../../../knowledge/store/sqlite-store.js";
import { type OpenQuizBank, quizBankContract } from "../../contracts/quiz-bank.contract.js";

const backends: { name: string; open: OpenQuizBank }[] = [
  {
    name: "sqlite",
    open(now) {
      const db = openDatabase(":memory:");
      return { bank: new SqliteQuizBank(db, now), close: () => db.close() };
    },
  },
  { name: "memory", open: (now) => ({ bank: new MemoryQuizBank(now), close: () => {} }) },
];

describe.each(backends)("quiz bank on $name", ({ open }) => {
  quizBankContract(open);
});
