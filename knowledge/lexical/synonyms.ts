import { QingfengError } from "../errors.js";
import { fingerprint } from "./fingerprint.js";
import { readAdminLexicon, readShippedLexicon } from "./lexicon-files.js";
import { normalizeText } from "./normalize.js";
import type { WeightedToken } from "./weighted-token.js";

export interface SynonymLexiconOptions {
  /** Weight of added synonyms; words the user typed weigh 1. Default 0.6. */
  synonymWeight?: number;
}

/** Parses synonym text: one group per line, first word canonical, # comments. */
function parseGroups(text: string): string[][] {
  const groups: string[][] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, "").trim();
    if (line === "") continue;
    const words = [...new Set(line.split(/\s+/).map(normalizeText))];
    // A one-word line names no synonym: nothing to do.
    if (words.length >= 2) groups.push(words);
  }
  return groups;
}

/**
 * Synonym groups that bridge how staff talk (药代, 吃饭, 好处费) and how the
 * policy documents are worded (医药代表, 宴请, 回扣).
 */
export class SynonymLexicon {
  /** Identifies the group content: vectors built on canonical forms change when it changes. */
  readonly fingerprint: string;
  private readonly groups: string[][];
  private readonly groupsOf = new Map<string, number[]>();
  private readonly synonymWeight: number;

  /**
   * @param texts lexicon texts in priority order (shipped first, then admin):
   *   the first group a word appears in gives its canonical form.
   */
  constructor(texts: string | readonly string[], options: SynonymLexiconOptions = {}) {
    const all = typeof texts === "string" ? [texts] : [...texts];
    this.groups = all.flatMap(parseGroups);
    this.groups.forEach((group, index) => {
      for (const word of group) {
        const list = this.groupsOf.get(word);
        if (list === undefined) this.groupsOf.set(word, [index]);
        else list.push(index);
      }
    });
    const weight = options.synonymWeight ?? 0.6;
    if (!(weight > 0 && weight <= 1)) {
      throw new QingfengError("BAD_INPUT", `synonymWeight must be in (0, 1], got ${weight}`);
    }
    this.synonymWeight = weight;
    this.fingerprint = fingerprint("synonyms-v1", JSON.stringify(this.groups));
  }

  /** The shipped knowledge/lexicon/synonyms.txt plus optional admin texts. */
  static shipped(
    extraTexts: readonly string[] = [],
    options?: SynonymLexiconOptions,
  ): SynonymLexicon {
    const shipped = [readShippedLexicon("synonyms.txt"), readShippedLexicon("english.txt")];
    return new SynonymLexicon([...shipped, ...extraTexts], options);
  }

  /**
   * The shipped lexicon plus an admin file (e.g. in the data directory). A
   * missing admin file is not an error: admins create it when they need it.
   */
  static async load(
    options: SynonymLexiconOptions & { adminPath?: string | undefined } = {},
  ): Promise<SynonymLexicon> {
    const admin = await readAdminLexicon(options.adminPath, "synonyms");
    const extra = admin === undefined ? [] : [admin];
    return SynonymLexicon.shipped(extra, options);
  }

  /** Number of groups. */
  get size(): number {
    return this.groups.length;
  }

  /** The canonical form of a token (itself when it is in no group). */
  canonical(token: string): string {
    const normalized = normalizeText(token);
    const first = this.groupsOf.get(normalized)?.[0];
    return first === undefined ? normalized : (this.groups[first]?.[0] ?? normalized);
  }

  /** Every word sharing a group with `token`, itself excluded. */
  synonymsOf(token: string): string[] {
    const normalized = normalizeText(token);
    const out = new Set<string>();
    for (const index of this.groupsOf.get(normalized) ?? []) {
      for (const word of this.groups[index] ?? []) if (word !== normalized) out.add(word);
    }
    return [...out];
  }

  /**
   * The distinct query tokens at weight 1, followed by their synonyms at the
   * synonym weight; a word that was typed keeps weight 1. Each synonym is in
   * the group of the typed word that brought it, so BM25 counts a concept once.
   */
  expand(tokens: readonly string[]): WeightedToken[] {
    const expanded = new Map<string, WeightedToken>();
    for (const token of tokens) expanded.set(token, { token, weight: 1, group: token });
    for (const token of tokens) {
      for (const synonym of this.synonymsOf(token)) {
        if (!expanded.has(synonym)) {
          expanded.set(synonym, { token: synonym, weight: this.synonymWeight, group: token });
        }
      }
    }
    return [...expanded.values()];
  }

  /** All words of all groups, for the segmenter dictionary. */
  userDictWords(): string[] {
    return [...this.groupsOf.keys()];
  }
}
