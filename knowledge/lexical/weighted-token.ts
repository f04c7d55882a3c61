/** A query term with its weight: 1 for words the user typed, less for added synonyms. */
export interface WeightedToken {
  token: string;
  weight: number;
  /**
   * Terms sharing a group stand for one concept (a typed word and its
   * synonyms): a document scores the best of them, not their sum. Omitted =
   * the term is its own group.
   */
  group?: string | undefined;
}
