/** 32-bit FNV-1a over UTF-16 code units: fast, deterministic, good enough to spread features. */
export function fnv1a(text: string, seed = 0x811c9dc5): number {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** Short hex digest of some texts, to tell configurations apart in ids. */
export function fingerprint(...texts: string[]): string {
  // Two seeds make accidental collisions between lexicon versions unlikely.
  const joined = texts.join("\u0000");
  const a = fnv1a(joined).toString(16).padStart(8, "0");
  const b = fnv1a(joined, 0x01000193).toString(16).padStart(8, "0");
  return `${a}${b}`;
}
