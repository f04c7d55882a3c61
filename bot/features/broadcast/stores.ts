import type { Storage } from "../../kernel/storage.js";
import { memoryOf } from "../../storage/memory.js";
import { postgresOf } from "../../storage/postgres.js";
import { sqliteOf } from "../../storage/sqlite.js";
import { MemoryOutbox } from "./memory-outbox.js";
import type { Outbox } from "./ports.js";
import { PostgresOutbox } from "./postgres-outbox.js";
import { SqliteOutbox } from "./sqlite-outbox.js";

export function openOutbox(storage: Storage, now: () => number): Outbox {
  const clock = () => new Date(now());
  if (storage.backend === "memory") return new MemoryOutbox(memoryOf(storage), clock);
  if (storage.backend === "postgres") return new PostgresOutbox(postgresOf(storage), clock);
  return new SqliteOutbox(sqliteOf(storage), clock);
}
