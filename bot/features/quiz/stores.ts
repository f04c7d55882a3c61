import type { QuizBank } from "../../../knowledge/ports/quiz-bank.js";
import { SqliteQuizBank } from "../../../knowledge/store/sqlite-quiz-bank.js";
import type { Storage } from "../../kernel/storage.js";
import { sqliteOf } from "../../storage/sqlite.js";
import type { QuizPlayStore } from "./ports.js";
import { SqliteQuizPlay } from "./sqlite-quiz-play.js";

/** The question bank (knowledge) and who answered what (this feature), on the bot's storage. */
export function openQuizStores(
  storage: Storage,
  now: () => number,
): { bank: QuizBank; play: QuizPlayStore } {
  const db = sqliteOf(storage);
  return { bank: new SqliteQuizBank(db, () => new Date(now())), play: new SqliteQuizPlay(db) };
}
