import { ConductCatalogue } from "../conduct/catalogue.js";
import { ConductMatcher } from "../conduct/conduct-matcher.js";
import { SynonymLexicon } from "../lexical/synonyms.js";
import { defaultTextQuality, type TextQualityScorer } from "../lexical/text-quality.js";

/** What checking a question against its clause needs beyond the question itself. */
export interface ValidationContext {
  /** Reads which kinds of conduct a clause rules on, and which a situation names. */
  matcher: ConductMatcher;
  /**
   * Text-quality score: stems and options with scan damage are refused. With
   * `measure` (the shipped scorer has it) characters doubled by a scanner are found too.
   */
  quality: TextQualityScorer & { measure?(text: string): { han: number; suspect: number } };
  /** An answer's synonyms must not give it away in the stem or headings either. */
  synonyms: SynonymLexicon;
}

const shipped: { matcher?: ConductMatcher; synonyms?: SynonymLexicon } = {};

/**
 * The context with whatever is not given taken from the shipped lexicons
 * (built once per process): the app passes its own matcher and synonyms,
 * which include the admin's additions.
 */
export function validationContext(given: Partial<ValidationContext> = {}): ValidationContext {
  if (!given.matcher && !shipped.matcher)
    shipped.matcher = new ConductMatcher(ConductCatalogue.shipped());
  if (!given.synonyms && !shipped.synonyms) shipped.synonyms = SynonymLexicon.shipped();
  const matcher = given.matcher ?? shipped.matcher;
  const synonyms = given.synonyms ?? shipped.synonyms;
  if (!matcher || !synonyms) throw new Error("unreachable: shipped lexicons are built above");
  return { matcher, synonyms, quality: given.quality ?? defaultTextQuality() };
}
