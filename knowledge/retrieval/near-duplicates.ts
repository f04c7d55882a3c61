/**
 * Near-duplicate test on Han character bigrams. Provinces and cities copy the
 * national text with small edits each year; an answer should cite one of them
 * and mention the others, not list the same clause five times.
 */
export function hanBigrams(text: string): Set<string> {
  const han = Array.from(text.matchAll(/\p{Script=Han}/gu), (m) => m[0]);
  const out = new Set<string>();
  for (let i = 0; i + 1 < han.length; i++) out.add(`${han[i]}${han[i + 1]}`);
  return out;
}

/** Share of the smaller text's bigrams found in the larger one. */
export function containment(a: Set<string>, b: Set<string>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  if (small.size === 0) return 0;
  let shared = 0;
  for (const g of small) if (large.has(g)) shared++;
  return shared / small.size;
}

export const NEAR_DUPLICATE = 0.8;

/** Share of `part`'s bigrams found in `whole` (how much of one text another carries). */
export function coveredBy(part: Set<string>, whole: Set<string>): number {
  if (part.size === 0) return 0;
  let shared = 0;
  for (const g of part) if (whole.has(g)) shared++;
  return shared / part.size;
}
