import type { AudienceMap } from "./audiences.js";
import {
  type ClauseCorpus,
  type Governing,
  type GoverningDeps,
  governingClause,
  memoised,
} from "./governing-clause.js";
import { cite, sourceOf, tagsOf } from "./question-source.js";
import type { QuizQuestion } from "./question-types.js";
import { fillVariant, type SceneBook, type SceneSet, variantCount } from "./scene-book.js";
import { arrange, hash, seededShuffle } from "./seeded.js";

/** The conduct model, text quality, scene book and audiences situations are composed with. */
export interface ConductQuizDeps extends GoverningDeps {
  scenes: SceneBook;
  audiences: AudienceMap;
}

/** Questions on kinds of conduct, and the scene sets the corpus gives no clause for. */
export interface ConductQuestions {
  questions: QuizQuestion[];
  /** Scene sets no clause of the corpus governs the way their answer needs (the rules do not allow it). */
  ungoverned: string[];
}

const FORBIDDEN_STEMS = ["以下哪种做法违反廉洁从业规定？", "下列做法中，哪一项是规定禁止的？"];
const ALLOWED_STEM = "以下哪种做法符合规定？";

/**
 * Questions on every kind of conduct the catalogue names, composed from the
 * scene book: situations in everyday words with plain verdict options, the
 * answer resting on the clause that governs the kind (newest official
 * edition) and an explanation quoting its decisive phrase; then "which of
 * these is forbidden" (and "which is allowed") across kinds.
 */
export function conductQuestions(given: ClauseCorpus, deps: ConductQuizDeps): ConductQuestions {
  const corpus = memoised(given, deps.matcher);
  const governing = new Map<SceneSet, Governing>();
  const ungoverned: string[] = [];
  for (const set of deps.scenes.sets) {
    const g = governingClause(corpus, set.kind, set.verdict, set.proof, deps);
    if (g) governing.set(set, g);
    else ungoverned.push(set.id);
  }
  const questions: QuizQuestion[] = [];
  for (const [set, g] of governing) questions.push(...scenarios(set, g, deps));
  questions.push(...forbiddenChoices(governing, deps), ...allowedChoices(governing, deps));
  return { questions, ungoverned };
}

function scenarios(set: SceneSet, g: Governing, deps: ConductQuizDeps): QuizQuestion[] {
  const source = sourceOf(g.chunk);
  const out: QuizQuestion[] = [];
  for (let i = 0; i < variantCount(set); i++) {
    const scene = set.scenes[i % set.scenes.length] ?? "";
    const stem = `${fillVariant(set, scene, i)}${fillVariant(set, set.ask, i)}`;
    const right = fillVariant(set, set.right, i);
    const wrong = set.wrong.slice(0, 3).map((w) => fillVariant(set, w, i));
    const { options, answer } = arrange([right], wrong, `${set.id}:${i}`);
    const about = set.verdict === "duty" ? "" : `此事涉及：${set.kind.label}。`;
    out.push({
      kind: "scenario",
      stem,
      options,
      answer,
      explanation: `${right}。${about}依据${cite(source)}：「${g.quote}」`,
      source,
      tags: tagsOf(`${stem}${set.kind.label}`),
      origin: "scenario",
      conduct: set.kind.id,
      audiences: deps.audiences.ofKind(set.kind.id),
      adminOnly: false,
    });
  }
  return out;
}

/** Allowed conduct to set beside a forbidden one: the book's own list and conditional kinds done right. */
function allowedPool(deps: ConductQuizDeps): { text: string; kind?: string }[] {
  return [
    ...deps.scenes.allowed.map((text) => ({ text })),
    ...deps.scenes.sets.flatMap((s) =>
      s.allowed.map((a) => ({ text: fillVariant(s, a, 0), kind: s.kind.id })),
    ),
  ];
}

function forbiddenChoices(
  governing: Map<SceneSet, Governing>,
  deps: ConductQuizDeps,
): QuizQuestion[] {
  const pool = allowedPool(deps);
  const out: QuizQuestion[] = [];
  for (const [set, g] of governing) {
    if (set.verdict !== "no" || !set.forbidden) continue;
    const correct = fillVariant(set, set.forbidden, 0);
    const wrong = seededShuffle(
      pool.filter((p) => p.kind !== set.kind.id),
      `allowed:${set.id}`,
    )
      .slice(0, 3)
      .map((p) => p.text);
    const { options, answer } = arrange([correct], wrong, `forbidden:${set.id}`);
    const source = sourceOf(g.chunk);
    out.push({
      kind: "single",
      stem: FORBIDDEN_STEMS[hash(set.id) % FORBIDDEN_STEMS.length] ?? "",
      options,
      answer,
      explanation: `“${correct}”违反规定，此事涉及：${set.kind.label}；其余做法按规定可以。依据${cite(source)}：「${g.quote}」`,
      source,
      tags: tagsOf(`${correct}${set.kind.label}`),
      origin: "forbidden-choice",
      conduct: set.kind.id,
      audiences: deps.audiences.ofKind(set.kind.id),
      adminOnly: false,
    });
  }
  return out;
}

function allowedChoices(
  governing: Map<SceneSet, Governing>,
  deps: ConductQuizDeps,
): QuizQuestion[] {
  const forbidden = [...governing.keys()]
    .filter((s) => s.verdict === "no" && s.forbidden)
    .map((s) => ({ text: fillVariant(s, s.forbidden ?? "", 1), kind: s.kind.id }));
  const out: QuizQuestion[] = [];
  for (const [set, g] of governing) {
    if (set.verdict !== "cond") continue;
    for (const [i, template] of set.allowed.entries()) {
      const correct = fillVariant(set, template, 0);
      const wrong = seededShuffle(
        forbidden.filter((f) => f.kind !== set.kind.id),
        `forbidden:${set.id}:${i}`,
      )
        .slice(0, 3)
        .map((f) => f.text);
      const { options, answer } = arrange([correct], wrong, `allowed:${set.id}:${i}`);
      const source = sourceOf(g.chunk);
      out.push({
        kind: "single",
        stem: ALLOWED_STEM,
        options,
        answer,
        explanation: `“${correct}”按规定可以，此事涉及：${set.kind.label}；其余做法都是规定禁止的。依据${cite(source)}：「${g.quote}」`,
        source,
        tags: tagsOf(`${correct}${set.kind.label}`),
        origin: "allowed-choice",
        conduct: set.kind.id,
        audiences: deps.audiences.ofKind(set.kind.id),
        adminOnly: false,
      });
    }
  }
  return out;
}
