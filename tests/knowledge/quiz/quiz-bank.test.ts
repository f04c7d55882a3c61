import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { MemoryQuizBank } from "../../../knowledge/store/memory-quiz-bank.js";
import { MIGRATIONS } from "../../../knowledge/store/migrations.js";
import { PostgresQuizBank } from "../../../knowledge/store/postgres-quiz-bank.js";
import { SqliteQuizBank } from "../../../knowledge/store/sqlite-quiz-bank.js";
import { openDatabase } from "../../../knowledge/store/sqlite-store.js";
import { type OpenQuizBank, quizBankContract } from "../../contracts/quiz-bank.contract.js";
import { pgKnowledgeDatabase } from "../../helpers/pg-knowledge.js";

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

describe("quiz bank on postgres", () => {
  const db = pgKnowledgeDatabase();
  quizBankContract((now) => ({ bank: new PostgresQuizBank(db.pool(), now), close: () => {} }));
});

describe("a bank made before questions had audiences (migration 12)", () => {
  it("opens with every old question for no audience in particular, task-table facts admin-only", async () => {
    const dir = mkdtempSync(join(tmpdir(), "qingfeng-bank-"));
    try {
      const file = join(dir, "qingfeng.db");
      const old = new Database(file);
      old.exec(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
      );
      for (const m of MIGRATIONS.filter((m) => m.version <= 11)) {
        old.exec(m.sql);
        old.prepare("INSERT INTO schema_migrations VALUES (?, ?, ?)").run(m.version, m.name, "x");
      }
      const insert = old.prepare(
        `INSERT INTO quiz_questions (kind, stem, options, answer, explanation, source, origin, state, created_at, updated_at)
         VALUES ('single', ?, '["甲","乙"]', '[0]', '', '{"text":"t","title":"T","section":""}', ?, 'approved', 'x', 'x')`,
      );
      insert.run("填空题", "cloze");
      insert.run("任务的责任单位是", "table-row");
      old.close();

      const db = openDatabase(file);
      const questions = await new SqliteQuizBank(db).list();
      db.close();
      expect(questions.map((q) => [q.origin, q.audiences, q.adminOnly, q.conduct])).toEqual([
        ["cloze", [], false, undefined],
        ["table-row", [], true, undefined],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
