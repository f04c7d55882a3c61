/**
 * How alike two questions are, 0–1: Dice overlap of Han character bigrams and
 * Latin words. Used to match a question to an admin's curated pattern, where
 * wording varies ("药代请吃饭行吗" / "医药代表请我吃饭可以吗").
 */
export function questionSimilarity(a: string, b: string): number {
  const fa = features(a);
  const fb = features(b);
  if (fa.size === 0 || fb.size === 0) return 0;
  let shared = 0;
  for (const f of fa) if (fb.has(f)) shared++;
  return (2 * shared) / (fa.size + fb.size);
}

function features(text: string): Set<string> {
  const clean = text.normalize("NFKC").toLowerCase();
  const out = new Set<string>();
  const han = Array.from(clean.matchAll(/\p{Script=Han}/gu), (m) => m[0]);
  for (let i = 0; i + 1 < han.length; i++) out.add(`${han[i]}${han[i + 1]}`);
  if (han.length === 1 && han[0]) out.add(han[0]);
  for (const word of clean.match(/[a-z0-9]+/g) ?? []) out.add(word);
  // Sentence-final particles and question marks carry no meaning for matching.
  for (const f of ["吗？", "可以", "能否", "是否"]) out.delete(f);
  return out;
}
