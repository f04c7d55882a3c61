import { createHash } from "node:crypto";

/**
 * Identity of a chunk for de-duplication: letters and digits only, so the same
 * clause from a PDF and from an HTML reprint (different punctuation widths,
 * spaces, line breaks) is recognised as one.
 */
export function chunkHash(text: string): string {
  const core = text.normalize("NFKC").replace(/[^\p{L}\p{N}]/gu, "");
  return createHash("sha256").update(core).digest("hex");
}
