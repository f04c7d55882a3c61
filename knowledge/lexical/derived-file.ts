import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/**
 * A value derived from large inputs (jieba's multi-megabyte tables), kept in
 * `file` so a cold start reads a few kilobytes instead of scanning them. The
 * file is valid only for the `key` it was derived under (a fingerprint of the
 * inputs); without a file, or with a stale or unreadable one, `derive` runs
 * and its result is written back. It is only a cache: a write that fails is ignored.
 */
export function derivedValue<T>(file: string | undefined, key: string, derive: () => T): T {
  if (file === undefined) return derive();
  const stored = readDerived(file);
  if (stored?.key === key) return stored.value as T;
  const value = derive();
  try {
    mkdirSync(dirname(file), { recursive: true });
    // A process reading beside this one sees the old file or the new one, never half of one.
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify({ key, value }));
    renameSync(temp, file);
  } catch {
    // Read-only data directory: derive again next time.
  }
  return value;
}

function readDerived(file: string): { key: string; value: unknown } | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
    if (typeof parsed === "object" && parsed !== null && "key" in parsed && "value" in parsed) {
      return parsed as { key: string; value: unknown };
    }
  } catch {
    // Missing or damaged: derived again.
  }
  return undefined;
}
