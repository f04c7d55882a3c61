import { normalizeText } from "../lexical/normalize.js";

/** Where a pattern was found in a normalised text. */
export interface PhraseHit<T> {
  payload: T;
  /** The text matched. */
  text: string;
  start: number;
  end: number;
  /** Found by a /regex/ pattern (which may span several words). */
  regex: boolean;
}

/**
 * Finds many short phrases in a text in one pass: literal phrases are looked
 * up by their first character at every position (Chinese has no spaces to
 * split on), Latin words match whole words, and /regex/ patterns run as given.
 * Texts and phrases are compared after NFKC + lower case.
 */
export class PhraseMatcher<T> {
  private readonly byFirst = new Map<string, { phrase: string; payload: T }[]>();
  private readonly patterns: { re: RegExp; payload: T }[] = [];
  /** Latin words, found with one scan over the text's words. */
  private readonly latin = new Map<string, T[]>();

  constructor(entries: Iterable<{ pattern: string; payload: T }>) {
    for (const { pattern, payload } of entries) this.add(pattern, payload);
    for (const list of this.byFirst.values())
      list.sort((a, b) => b.phrase.length - a.phrase.length);
  }

  private add(pattern: string, payload: T): void {
    if (pattern.length > 2 && pattern.startsWith("/") && pattern.endsWith("/")) {
      this.patterns.push({ re: new RegExp(pattern.slice(1, -1), "gu"), payload });
      return;
    }
    const phrase = normalizeText(pattern);
    if (phrase === "") return;
    if (/^[a-z0-9][a-z0-9-]*$/.test(phrase)) {
      // A Latin word: whole words ("-" joins words typed with a space or a hyphen).
      const list = this.latin.get(phrase) ?? [];
      list.push(payload);
      this.latin.set(phrase, list);
      return;
    }
    const first = phrase[0] ?? "";
    const list = this.byFirst.get(first);
    if (list) list.push({ phrase, payload });
    else this.byFirst.set(first, [{ phrase, payload }]);
  }

  /** Every occurrence of every pattern (overlaps kept), in text order. */
  matchAll(rawText: string): PhraseHit<T>[] {
    const text = normalizeText(rawText);
    const hits: PhraseHit<T>[] = [];
    for (let i = 0; i < text.length; i++) {
      const list = this.byFirst.get(text[i] ?? "");
      if (!list) continue;
      for (const { phrase, payload } of list) {
        if (text.startsWith(phrase, i)) {
          hits.push({ payload, text: phrase, start: i, end: i + phrase.length, regex: false });
        }
      }
    }
    if (this.latin.size > 0 && /[a-z]/.test(text)) this.matchLatin(text, hits);
    for (const { re, payload } of this.patterns) {
      re.lastIndex = 0;
      for (const m of text.matchAll(re)) {
        if (m[0] === "") continue;
        const start = m.index ?? 0;
        hits.push({ payload, text: m[0], start, end: start + m[0].length, regex: true });
      }
    }
    return hits.sort((a, b) => a.start - b.start || b.end - a.end);
  }

  /** Words and two- or three-word runs, each also without a plural s, looked up whole. */
  private matchLatin(text: string, hits: PhraseHit<T>[]): void {
    const words = [...text.matchAll(/[a-z0-9]+/g)];
    for (let i = 0; i < words.length; i++) {
      for (let n = 1; n <= 3 && i + n <= words.length; n++) {
        const run = words.slice(i, i + n);
        const first = run[0];
        const last = run[n - 1];
        if (!first || !last) continue;
        const start = first.index ?? 0;
        const end = (last.index ?? 0) + last[0].length;
        if (n > 1 && !/^[\s-]+$/.test(text.slice(start, end).replace(/[a-z0-9]+/g, ""))) break;
        const key = run.map((w) => w[0]).join("-");
        const payloads =
          this.latin.get(key) ?? (key.endsWith("s") ? this.latin.get(key.slice(0, -1)) : undefined);
        for (const payload of payloads ?? []) {
          hits.push({ payload, text: text.slice(start, end), start, end, regex: false });
        }
      }
    }
  }
}
