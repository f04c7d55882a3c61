import type { Storage } from "../../kernel/storage.js";
import { memoryOf } from "../../storage/memory.js";
import { postgresOf, postgresStorageOf } from "../../storage/postgres.js";
import { instanceAlive } from "../../storage/postgres-leader.js";
import { sqliteOf } from "../../storage/sqlite.js";
import { processAlive, processOwner } from "./dispatcher.js";
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

/**
 * Who this process is as a sender of outbox rows, and how to tell whether
 * another row owner still runs: on SQLite a process on this host; on
 * PostgreSQL an instance holding its advisory lock (any host).
 */
export function openOwnership(storage: Storage): {
  owner: string;
  isAlive: (owner: string) => boolean | Promise<boolean>;
} {
  if (storage.backend === "postgres") {
    const pgStorage = postgresStorageOf(storage);
    return { owner: pgStorage.owner, isAlive: (owner) => instanceAlive(pgStorage.pool, owner) };
  }
  return { owner: processOwner(), isAlive: processAlive };
}
