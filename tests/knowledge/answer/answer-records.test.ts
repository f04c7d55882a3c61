import { describe } from "vitest";
import { MemoryAnswerRecords } from "../../../knowledge/store/memory-answer-records.js";
import { PostgresAnswerRecords } from "../../../knowledge/store/postgres-answer-records.js";
import { SqliteAnswerRecords } from "../../../knowledge/store/sqlite-answer-records.js";
import { openDatabase } from "../../../knowledge/store/sqlite-store.js";
import {
  answerRecordsContract,
  type OpenAnswerRecords,
} from "../../contracts/answer-records.contract.js";
import { pgKnowledgeDatabase } from "../../helpers/pg-knowledge.js";

const backends: { name: string; open: OpenAnswerRecords }[] = [
  {
    name: "sqlite",
    open(now) {
      const db = openDatabase(":memory:");
      return { records: new SqliteAnswerRecords(db, now), close: () => db.close() };
    },
  },
  { name: "memory", open: (now) => ({ records: new MemoryAnswerRecords(now), close: () => {} }) },
];

describe.each(backends)("answer records on $name", ({ open }) => {
  answerRecordsContract(open);
});

describe("answer records on postgres", () => {
  const db = pgKnowledgeDatabase();
  answerRecordsContract((now) => ({
    records: new PostgresAnswerRecords(db.pool(), now),
    close: () => {},
  }));
});
