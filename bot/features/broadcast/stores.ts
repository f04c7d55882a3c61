import type { Storage } from "../../kernel/storage.js";
import { sqliteOf } from "../../storage/sqlite.js";
import type { Outbox } from "./ports.js";
import { SqliteOutbox } from "./sqlite-outbox.js";

export function openOutbox(storage: Storage, now: () => number): Outbox {
  return new SqliteOutbox(sqliteOf(storage), () => new Date(now()));
}
