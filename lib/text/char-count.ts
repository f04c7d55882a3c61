/**
 * Characters as a reader counts them: Unicode code points. String.length
 * counts UTF-16 units, so an emoji or a rare CJK character outside the
 * Basic Multilingual Plane counts twice — 10,000 emoji would be "20000 字".
 */
export function charCount(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}
