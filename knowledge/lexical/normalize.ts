/**
 * Normalises text the same way for documents, queries and lexicon entries:
 * NFKC (full-width letters, digits and punctuation become half-width, the
 * ideographic space a plain space, compatibility ideographs from PDF
 * extraction their unified form) and lower case.
 */
export function normalizeText(text: string): string {
  return text.normalize("NFKC").toLowerCase();
}

/** True when a token carries meaning: it has at least one letter or digit. */
export function isWordToken(token: string): boolean {
  return /[\p{L}\p{N}]/u.test(token);
}
