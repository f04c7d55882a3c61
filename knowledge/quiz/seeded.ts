import { createHash } from "node:crypto";

/** A stable number for a text: generated questions are the same at every run. */
export function hash(text: string): number {
  return createHash("sha256").update(text).digest().readUInt32BE(0);
}

/** Items in a stable order that looks random, fixed by the seed. */
export function seededShuffle<T>(items: T[], seed: string): T[] {
  return items
    .map((item, i) => ({ item, key: hash(`${seed}:${i}`) }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.item);
}

/** Options in a stable shuffled order, so the answer is not always first. */
export function arrange(
  correct: string[],
  wrong: string[],
  seed: string,
): { options: string[]; answer: number[] } {
  const all = seededShuffle(
    [...correct.map((text) => ({ text, ok: true })), ...wrong.map((text) => ({ text, ok: false }))],
    seed,
  );
  return {
    options: all.map((o) => o.text),
    answer: all.flatMap((o, i) => (o.ok ? [i] : [])),
  };
}
