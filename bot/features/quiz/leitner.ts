/**
 * Spaced repetition with Leitner boxes: a question answered wrongly goes to
 * box 1 and comes back the next day; each right answer moves it up a box
 * and further out; answered right twice in a row it leaves review.
 */
export const REVIEW_INTERVALS_MS: Record<number, number> = {
  1: 86_400_000,
  2: 3 * 86_400_000,
};

export function nextReview(
  current: { box: number } | undefined,
  correct: boolean,
  now: number,
): { box: number; dueAt: number } | undefined {
  if (!correct) return { box: 1, dueAt: now + (REVIEW_INTERVALS_MS[1] ?? 0) };
  if (!current) return undefined;
  const box = current.box + 1;
  const interval = REVIEW_INTERVALS_MS[box];
  // Past the last box: right twice since the miss, the question leaves review.
  return interval === undefined ? undefined : { box, dueAt: now + interval };
}
