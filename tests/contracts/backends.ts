import { FEATURES } from "../../bot/app/features.js";
import type { Storage } from "../../bot/kernel/storage.js";
import { memoryStorage } from "../../bot/storage/memory.js";
import { openSqliteStorage } from "../../bot/storage/sqlite.js";
import { openDatabase } from "../../knowledge/store/sqlite-store.js";

export interface Backend {
  name: string;
  /** A fresh, empty storage; `close` releases it. */
  open(): { storage: Storage; close(): void };
}

/** The backends every storage contract runs against: a difference between them fails. */
export const BACKENDS: Backend[] = [
  {
    name: "sqlite",
    open() {
      // The real schema and driver (migrations, foreign keys); only the file is skipped.
      const db = openDatabase(":memory:");
      return { storage: openSqliteStorage(db, FEATURES), close: () => db.close() };
    },
  },
  { name: "memory", open: () => ({ storage: memoryStorage(), close: () => {} }) },
];
