import { QingfengError } from "../../knowledge/errors.js";
import type { Storage } from "../kernel/storage.js";

/**
 * Storage held in the process: nothing survives it. Core tests run on it so
 * they do not pay for a database file; each memory-*.ts store is held to its
 * SQLite twin by the contract tests in tests/contracts.
 */
export interface MemoryStorage extends Storage {
  readonly backend: "memory";
  /**
   * The named table, made by `create` the first time it is asked for. Stores
   * opened on one storage share their tables, as stores on one SQLite file
   * do (two bots on one app see the same chats; the outbox publishes a case
   * notice).
   */
  table<T>(name: string, create: () => T): T;
}

export function memoryStorage(): MemoryStorage {
  const tables = new Map<string, unknown>();
  return {
    backend: "memory",
    table<T>(name: string, create: () => T): T {
      if (!tables.has(name)) tables.set(name, create());
      return tables.get(name) as T;
    },
  };
}

/** The memory storage behind `storage`; a feature's stores.ts calls it for the memory backend. */
export function memoryOf(storage: Storage): MemoryStorage {
  if (storage.backend !== "memory" || !("table" in storage)) {
    throw new QingfengError("CONFIG_INVALID", `${storage.backend} is not the memory backend.`, {
      hint: "Open memory stores on memoryStorage().",
    });
  }
  return storage as MemoryStorage;
}

/**
 * Rows under an INTEGER PRIMARY KEY: ids count up from 1 in insertion order,
 * which is also the order `all` returns them in. (No memory store deletes
 * such rows, so SQLite's reuse of a deleted highest id never arises.)
 */
export class IdRows<Row extends { id: number }> {
  private lastId = 0;
  private readonly byId = new Map<number, Row>();

  insert(row: Omit<Row, "id">): Row {
    this.lastId += 1;
    const stored = { ...row, id: this.lastId } as Row;
    this.byId.set(stored.id, stored);
    return stored;
  }

  get(id: number): Row | undefined {
    return this.byId.get(id);
  }

  all(): Row[] {
    return [...this.byId.values()];
  }
}

/** One map key from a composite primary key, e.g. (platform, chat_id). */
export function keyOf(...parts: (string | number)[]): string {
  return JSON.stringify(parts);
}

/** SQLite's BINARY collation (UTF-8 byte order), which ORDER BY on text uses. */
export function compareText(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

/** What SQLite refuses as a constraint violation (UNIQUE, FOREIGN KEY): the write does not happen. */
export function constraintFailed(what: string): QingfengError {
  return new QingfengError("STORE_FAILED", `Constraint failed: ${what}.`, {
    hint: "A caller broke a store invariant; this is a bug, not a data problem.",
  });
}
