import type { Storage } from "../../kernel/storage.js";
import { postgresOf } from "../../storage/postgres.js";
import { sqliteOf } from "../../storage/sqlite.js";
import { MemoryRoster } from "./memory-roster.js";
import type { Roster } from "./ports.js";
import { PostgresRoster } from "./postgres-roster.js";
import { SqliteRoster } from "./sqlite-roster.js";

export function openRoster(storage: Storage): Roster {
  if (storage.backend === "memory") return new MemoryRoster();
  if (storage.backend === "postgres") return new PostgresRoster(postgresOf(storage));
  return new SqliteRoster(sqliteOf(storage));
}
