import type { ConductCatalogue } from "../conduct/catalogue.js";
import { AUDIENCES } from "./audiences.js";
import type { QuizQuestion } from "./question-types.js";

/** What a set of questions is made of: by type, by kind of conduct, by audience. */
export interface BankMakeUp {
  total: number;
  /** By how the question was made: scenario, forbidden-choice, cloze, truefalse, table-row … */
  byType: Record<string, number>;
  /** Scenario and judgment questions (situations, which-is-forbidden / allowed choices). */
  scenarioOrJudgment: number;
  byAudience: Record<string, number>;
  adminOnly: number;
  /** Questions per kind of conduct, in catalogue order (kinds with none omitted). */
  byConduct: Record<string, number>;
  kinds: number;
  kindsCovered: number;
  /** Kinds of the catalogue no question is about. */
  kindsMissing: string[];
}

const JUDGMENT = new Set(["scenario", "forbidden-choice", "allowed-choice", "llm"]);

/** Counts questions by type, audience and kind of conduct, and names the kinds none is about. */
export function bankMakeUp(
  questions: readonly QuizQuestion[],
  catalogue: ConductCatalogue,
): BankMakeUp {
  const count = (keys: (q: QuizQuestion) => string[]) => {
    const out: Record<string, number> = {};
    for (const q of questions) for (const k of keys(q)) out[k] = (out[k] ?? 0) + 1;
    return out;
  };
  const byType = count((q) => [q.origin]);
  const audience = count((q) => q.audiences ?? []);
  const conduct = count((q) => (q.conduct ? [q.conduct] : []));
  const byConduct: Record<string, number> = {};
  for (const k of catalogue.kinds) if (conduct[k.id]) byConduct[k.id] = conduct[k.id] ?? 0;
  const missing = catalogue.kinds.filter((k) => !conduct[k.id]).map((k) => k.id);
  return {
    total: questions.length,
    byType,
    scenarioOrJudgment: questions.filter((q) => JUDGMENT.has(q.origin)).length,
    byAudience: Object.fromEntries(
      AUDIENCES.filter((a) => audience[a]).map((a) => [a, audience[a] ?? 0]),
    ),
    adminOnly: questions.filter((q) => q.adminOnly).length,
    byConduct,
    kinds: catalogue.kinds.length,
    kindsCovered: catalogue.kinds.length - missing.length,
    kindsMissing: missing,
  };
}
