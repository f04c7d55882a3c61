import type { Storage } from "../../kernel/storage.js";
import { sqliteOf } from "../../storage/sqlite.js";
import type { AckStore, CaseStore } from "./ports.js";
import { SqliteCaseStore } from "./sqlite-case-store.js";

export function openCaseStore(storage: Storage, now: () => number): CaseStore & AckStore {
  return new SqliteCaseStore(sqliteOf(storage), () => new Date(now()));
}
