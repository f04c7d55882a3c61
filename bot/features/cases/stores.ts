import type { Storage } from "../../kernel/storage.js";
import { memoryOf } from "../../storage/memory.js";
import { postgresOf } from "../../storage/postgres.js";
import { sqliteOf } from "../../storage/sqlite.js";
import { MemoryCaseStore } from "./memory-case-store.js";
import type { AckStore, CaseStore } from "./ports.js";
import { PostgresCaseStore } from "./postgres-case-store.js";
import { SqliteCaseStore } from "./sqlite-case-store.js";

export function openCaseStore(storage: Storage, now: () => number): CaseStore & AckStore {
  const clock = () => new Date(now());
  if (storage.backend === "memory") return new MemoryCaseStore(memoryOf(storage), clock);
  if (storage.backend === "postgres") return new PostgresCaseStore(postgresOf(storage), clock);
  return new SqliteCaseStore(sqliteOf(storage), clock);
}
