import type { Storage } from "../../kernel/storage.js";
import { postgresOf } from "../../storage/postgres.js";
import { sqliteOf } from "../../storage/sqlite.js";
import { MemoryConsoleStore } from "./memory-console-store.js";
import type { ConsoleStore } from "./ports.js";
import { PostgresConsoleStore } from "./postgres-console-store.js";
import { SqliteConsoleStore } from "./sqlite-console-store.js";

export function openConsoleStore(storage: Storage): ConsoleStore {
  if (storage.backend === "memory") return new MemoryConsoleStore(storage);
  if (storage.backend === "postgres") return new PostgresConsoleStore(postgresOf(storage));
  return new SqliteConsoleStore(sqliteOf(storage));
}
