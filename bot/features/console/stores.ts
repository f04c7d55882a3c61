import type { Storage } from "../../kernel/storage.js";
import { sqliteOf } from "../../storage/sqlite.js";
import { MemoryConsoleStore } from "./memory-console-store.js";
import type { ConsoleStore } from "./ports.js";
import { SqliteConsoleStore } from "./sqlite-console-store.js";

export function openConsoleStore(storage: Storage): ConsoleStore {
  if (storage.backend === "memory") return new MemoryConsoleStore(storage);
  return new SqliteConsoleStore(sqliteOf(storage));
}
