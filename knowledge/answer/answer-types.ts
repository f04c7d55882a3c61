/** The platform-neutral answer model: CLI, chat adapters and eval all render this. */
export type Verdict = "prohibited" | "conditional" | "info" | "not_covered";

export interface Citation {
  /** 1-based number the explanation refers to. */
  n: number;
  chunkId: number;
  docId: number;
  title: string;
  year?: number | undefined;
  issuer?: string | undefined;
  section: string;
  /** The clause verbatim, trimmed around the decisive sentence when long. */
  text: string;
  /** The whole clause, for a "full clause" expansion. */
  fullText: string;
  source: string;
  score: number;
  /** The clause comes from a scan/OCR text and may carry character errors (quoted as it stands). */
  scan?: boolean | undefined;
  /** True when the clause appears only in documents older than the newest one stored. */
  olderEditionOnly?: boolean | undefined;
  /** Other documents / editions with the same clause. */
  alsoIn: { docId: number; title: string; year?: number | undefined; source: string }[];
  /**
   * True when the clause does not rule on the conduct asked about — it was
   * kept for the words it shares with the question. It stays in the list
   * (`ask --json`, eval); a chat reply leaves it out.
   */
  offConduct?: boolean | undefined;
  /**
   * For a clause cited beside the decisive one: its phrase on the asked
   * conduct, so a one-line reference shows why it is cited.
   */
  ruling?: string | undefined;
}

/**
 * An explanation in the pieces a short reply shows apart: one or two plain
 * sentences, the decisive phrase quoted from citation `quote.n`, and notes
 * (older edition, scanned text, a conflicting local rule, "please confirm").
 */
export interface ExplanationParts {
  /** The plain sentences, without the quote or the notes. */
  lead: string;
  quote?: { n: number; text: string } | undefined;
  notes: string[];
}

export interface Answer {
  question: string;
  verdict: Verdict;
  /** Short plain-language explanation (Chinese, or English when asked in English). */
  answer: string;
  /** `answer` in its pieces, when the answerer made it from them (offline answers). */
  parts?: ExplanationParts | undefined;
  citations: Citation[];
  language: "zh" | "en";
  /** How the answer was made. */
  mode: "offline" | "llm" | "curated";
  /** Set when an LLM answer was rejected and the offline answer given instead. */
  fallbackReason?: string | undefined;
}
