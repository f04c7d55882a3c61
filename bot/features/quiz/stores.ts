import type { QuizBank } from "../../../knowledge/ports/quiz-bank.js";
import { MemoryQuizBank, type QuestionRow } from "../../../knowledge/store/memory-quiz-bank.js";
import { PostgresQuizBank } from "../../../knowledge/store/postgres-quiz-bank.js";
import { SqliteQuizBank } from "../../../knowledge/store/sqlite-quiz-bank.js";
import type { Storage } from "../../kernel/storage.js";
import { memoryOf } from "../../storage/memory.js";
import { postgresStorageOf } from "../../storage/postgres.js";
import { sqliteOf } from "../../storage/sqlite.js";
import { emptyQuizPlayTables, MemoryQuizPlay } from "./memory-quiz-play.js";
import type { QuizPlayStore } from "./ports.js";
import { PostgresQuizPlay } from "./postgres-quiz-play.js";
import { SqliteQuizPlay } from "./sqlite-quiz-play.js";

/** The question bank (knowledge) and who answered what (this feature), on the bot's storage. */
export function openQuizStores(
  storage: Storage,
  now: () => number,
): { bank: QuizBank; play: QuizPlayStore } {
  const clock = () => new Date(now());
  if (storage.backend === "memory") {
    const memory = memoryOf(storage);
    const questions = memory.table("quiz_questions", () => new Map<number, QuestionRow>());
    return {
      bank: new MemoryQuizBank(clock, questions),
      play: new MemoryQuizPlay(
        (id) => questions.has(id),
        memory.table("quiz_play", emptyQuizPlayTables),
      ),
    };
  }
  if (storage.backend === "postgres") {
    const pgStorage = postgresStorageOf(storage);
    // The bank (knowledge's table, migrated with its history) and play: both shared.
    const bank = new PostgresQuizBank(pgStorage.pool, clock);
    return {
      bank,
      play: new PostgresQuizPlay(pgStorage.pool, async (id) => (await bank.get(id)) !== undefined),
    };
  }
  const db = sqliteOf(storage);
  return { bank: new SqliteQuizBank(db, clock), play: new SqliteQuizPlay(db) };
}
