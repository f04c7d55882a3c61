import type { Storage } from "../../kernel/storage.js";
import { sqliteOf } from "../../storage/sqlite.js";
import type { Roster } from "./ports.js";
import { SqliteRoster } from "./sqlite-roster.js";

export function openRoster(storage: Storage): Roster {
  return new SqliteRoster(sqliteOf(storage));
}
