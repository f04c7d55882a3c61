import type { Verdict } from "../answer/answer-types.js";

/** Every verdict with its count (zero when none was given). */
export function verdictCounts(rows: { verdict: Verdict; n: number }[]): Record<Verdict, number> {
  const counts: Record<Verdict, number> = {
    prohibited: 0,
    conditional: 0,
    info: 0,
    not_covered: 0,
  };
  for (const r of rows) counts[r.verdict] = r.n;
  return counts;
}
