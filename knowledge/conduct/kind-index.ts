import type { ClauseKind } from "../types.js";
import type { ConductCatalogue } from "./catalogue.js";

/** A kind a question asks about, with how much of the question it accounts for (0–1]. */
export interface WeightedKind {
  kind: string;
  weight: number;
}

/**
 * Which clauses rule on which kinds of conduct, in memory beside BM25: the
 * kind side of retrieval. A clause that rules on one kind is more to the
 * point than one listing a dozen (specificity).
 */
export class KindIndex {
  private readonly byChunk = new Map<number, ClauseKind[]>();
  private readonly byKind = new Map<string, Map<number, ClauseKind>>();
  /** Specificity per chunk, computed once when it is tagged. */
  private readonly specificityOf = new Map<number, number>();

  constructor(private readonly catalogue: ConductCatalogue) {}

  get size(): number {
    return this.byChunk.size;
  }

  add(id: number, tags: readonly ClauseKind[]): void {
    this.remove(id);
    const known = tags.filter((t) => this.catalogue.has(t.kind));
    this.byChunk.set(id, known);
    const conducts = known.filter(
      (t) => t.strength >= 0.5 && this.catalogue.get(t.kind)?.stance !== "info",
    ).length;
    // Gently: a list of forbidden conduct under 严查 is still the rule on each item.
    this.specificityOf.set(id, Math.max(1, conducts) ** -0.25);
    for (const tag of known) {
      let chunks = this.byKind.get(tag.kind);
      if (!chunks) {
        chunks = new Map();
        this.byKind.set(tag.kind, chunks);
      }
      chunks.set(id, tag);
    }
  }

  remove(id: number): void {
    for (const tag of this.byChunk.get(id) ?? []) this.byKind.get(tag.kind)?.delete(id);
    this.byChunk.delete(id);
    this.specificityOf.delete(id);
  }

  tagsOf(id: number): readonly ClauseKind[] {
    return this.byChunk.get(id) ?? [];
  }

  /** Clauses tagged with a kind. */
  chunksOf(kind: string): ReadonlyMap<number, ClauseKind> {
    return this.byKind.get(kind) ?? new Map();
  }

  /**
   * How well each clause answers the asked kinds: Σ weight × tag strength ×
   * specificity, best first, at most `limit`. `topicOnly`: the kinds only name
   * the topic (a question asking when or where), so mentions count as rulings.
   */
  rank(
    kinds: readonly WeightedKind[],
    limit: number,
    options: { topicOnly?: boolean } = {},
  ): { id: number; score: number }[] {
    const scores = new Map<number, number>();
    for (const { kind, weight } of kinds) {
      for (const [id, tag] of this.chunksOf(kind)) {
        // As a topic, every clause on the kind counts alike, ruling or not.
        const strength = options.topicOnly ? Math.min(1, tag.strength * 2) : tag.strength;
        const score = weight * strength * this.specificity(id);
        scores.set(id, (scores.get(id) ?? 0) + score);
      }
    }
    return [...scores]
      .map(([id, score]) => ({ id, score }))
      .sort((a, b) => b.score - a.score || a.id - b.id)
      .slice(0, limit);
  }

  /** 1 for a clause on one kind of conduct, less for an omnibus list (duties do not count). */
  specificity(id: number): number {
    return this.specificityOf.get(id) ?? 1;
  }
}
