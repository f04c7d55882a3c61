import { clauseStance } from "../../../knowledge/answer/clause-stance.js";
import { conductCitations } from "../../../knowledge/answer/conduct-citations.js";
import { weightedKinds } from "../../../knowledge/answer/question-analysis.js";
import type { ConductMatcher } from "../../../knowledge/conduct/conduct-matcher.js";
import type { HybridRetriever } from "../../../knowledge/retrieval/hybrid-retriever.js";
import type { SearchHit } from "../../../knowledge/types.js";
import type { LinkedClause } from "./case-notice.js";
import type { ClauseLinker } from "./ports.js";

/**
 * Proposes the clauses a case broke by running its facts through retrieval.
 * A case describes conduct; the clauses worth linking are the ones that
 * forbid or condition it, so those rank first and merely descriptive text
 * (background, work arrangements) is proposed only when nothing forbids.
 */
export class RetrievalClauseLinker implements ClauseLinker {
  constructor(
    private readonly retriever: HybridRetriever,
    /** Maps the case's conduct to the kinds the rules govern, as questions are. */
    private readonly conduct?: ConductMatcher,
  ) {}

  async propose(text: string, max = 3): Promise<LinkedClause[]> {
    const facts = focus(text);
    const kinds = this.conduct?.match(facts).filter((m) => m.governed) ?? [];
    const { hits } = await this.retriever.search(facts, 12, { kinds: weightedKinds(kinds) });
    // The clause that rules on the case's conduct first, then what else forbids it.
    const onConduct = conductCitations(hits, kinds).hits;
    const ruling = hits.filter((h) => {
      const stance = clauseStance(h.text, h.section);
      return stance === "prohibits" || stance === "conditions";
    });
    const chosen = [...new Set([...onConduct, ...(ruling.length > 0 ? ruling : hits)])].slice(
      0,
      max,
    );
    return chosen.map((h) => toLinked(h, "proposed"));
  }

  async lookup(query: string): Promise<LinkedClause | undefined> {
    const { hits } = await this.retriever.search(query, 1);
    return hits[0] ? toLinked(hits[0], "added") : undefined;
  }
}

/**
 * The conduct in a case's facts, without what dilutes a search: amounts,
 * dates and anonymised names say nothing about which rule applies.
 */
function focus(text: string): string {
  return text
    .replace(/\d{4}年(\d{1,2}月)?(\d{1,2}日)?(至|到|—|-)?/g, "")
    .replace(/[\d.,，]+(万|余)?元/g, "")
    .replace(/[\u4e00-\u9fa5]某某?/g, "")
    .slice(0, 600);
}

function toLinked(h: SearchHit, origin: LinkedClause["origin"]): LinkedClause {
  return {
    chunkId: h.chunkId,
    text: h.text,
    title: h.title,
    year: h.year,
    section: h.section,
    origin,
    accepted: true,
  };
}
