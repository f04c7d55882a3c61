import type { ConductMatcher } from "../../../../knowledge/conduct/conduct-matcher.js";
import type { Lang } from "../../../kernel/i18n.js";

/**
 * Answers are recorded without the kinds of conduct their questions name, so
 * the console maps the questions when it shows them, with the matcher the
 * answerer uses: the kind the text names best (a governed match first).
 */
function bestKind(conduct: ConductMatcher, question: string): string | undefined {
  const matches = conduct.match(question);
  const best = [...matches].sort(
    (a, b) => Number(b.governed) - Number(a.governed) || b.score - a.score,
  )[0];
  return best?.kind.id;
}

/**
 * The kind of each question, remembered: staff ask the same questions in the
 * same words again and again, and a page maps hundreds of them.
 */
export class QuestionKinds {
  private readonly known = new Map<string, string | undefined>();

  constructor(
    readonly conduct: ConductMatcher,
    private readonly max = 50_000,
  ) {}

  of(question: string): string | undefined {
    if (this.known.has(question)) return this.known.get(question);
    const kind = bestKind(this.conduct, question);
    if (this.known.size >= this.max) {
      const oldest = this.known.keys().next().value;
      if (oldest !== undefined) this.known.delete(oldest);
    }
    this.known.set(question, kind);
    return kind;
  }
}

/** How often each kind is asked among these questions, most asked first. */
export function topKinds(
  kinds: QuestionKinds,
  questions: readonly string[],
  limit = 10,
): { kind: string; questions: number }[] {
  const counts = new Map<string, number>();
  for (const q of questions) {
    const kind = kinds.of(q);
    if (kind) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return [...counts]
    .map(([kind, n]) => ({ kind, questions: n }))
    .sort((a, b) => b.questions - a.questions || a.kind.localeCompare(b.kind))
    .slice(0, limit);
}

/** A kind as people read it: the catalogue's label, or its English words. */
export function kindName(conduct: ConductMatcher, id: string | undefined, lang: Lang): string {
  if (!id) return "";
  const kind = conduct.catalogue.get(id);
  if (!kind) return id;
  return lang === "en" ? kind.en || kind.id : kind.label;
}
