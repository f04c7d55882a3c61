import type { Storage } from "../../kernel/storage.js";
import { sqliteOf } from "../../storage/sqlite.js";
import { MemoryRoster } from "./memory-roster.js";
import type { Roster } from "./ports.js";
import { SqliteRoster } from "./sqlite-roster.js";

export function openRoster(storage: Storage): Roster {
  if (storage.backend === "memory") return new MemoryRoster();
  return new SqliteRoster(sqliteOf(storage));
}
