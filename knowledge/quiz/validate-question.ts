import { clauseStance } from "../answer/clause-stance.js";
import { rulingOf, tagClause } from "../conduct/clause-kinds.js";
import { normalizeText } from "../lexical/normalize.js";
import { containment, hanBigrams } from "../retrieval/near-duplicates.js";
import {
  answerVisibleProblems,
  BLANK,
  CLOZE_STEM_MAX,
  optionProblems,
  scanProblems,
} from "./quality-gates.js";
import { type QuizQuestion, TRUE_FALSE_OPTIONS } from "./question-types.js";
import { type ValidationContext, validationContext } from "./validation-context.js";
import { rulingProves, verdictClass } from "./verdict-options.js";

export { BLANK } from "./quality-gates.js";

/** Telegram quiz polls: question ≤ 300 characters, options ≤ 100, 2–10 options. */
const LIMITS = { stem: 300, option: 100, minOptions: 2, maxOptions: 10 } as const;

/**
 * Why a question cannot be asked, or [] when it can. Beyond shape and the
 * quality gates (no scan damage, options of one sort and length class, the
 * answer not given away by the stem or the headings), every question must be
 * answerable from its clause: the correct answer is supported by it and no
 * distractor is; a question on a kind of conduct must name that conduct and
 * its answer must be the ruling the clause gives it. Applied to generated,
 * model-drafted and imported questions alike.
 */
export function validateQuestion(
  q: QuizQuestion,
  given: Partial<ValidationContext> = {},
): string[] {
  const problems: string[] = [];
  const clause = normalize(q.source.text);
  if (!q.stem.trim()) problems.push("empty stem");
  if (q.stem.length > LIMITS.stem) problems.push(`stem longer than ${LIMITS.stem} characters`);
  if (q.options.length < LIMITS.minOptions || q.options.length > LIMITS.maxOptions)
    problems.push(`needs ${LIMITS.minOptions}–${LIMITS.maxOptions} options`);
  if (new Set(q.options.map(normalize)).size !== q.options.length)
    problems.push("duplicate options");
  if (q.options.some((o) => !o.trim() || o.length > LIMITS.option))
    problems.push(`options must be 1–${LIMITS.option} characters`);
  const answers = new Set(q.answer);
  if (
    answers.size === 0 ||
    answers.size !== q.answer.length ||
    q.answer.some((i) => !Number.isInteger(i) || i < 0 || i >= q.options.length)
  )
    problems.push("answer indexes out of range or repeated");
  if (q.kind !== "multiple" && q.answer.length !== 1)
    problems.push(`a ${q.kind} question has exactly one answer`);
  if (q.kind === "multiple" && q.answer.length === q.options.length)
    problems.push("every option is correct");
  if (!clause) problems.push("no source clause");
  if (!q.source.title) problems.push("source has no document title");
  if (problems.length > 0) return problems;

  const ctx = validationContext(given);
  problems.push(...scanProblems(q, ctx), ...optionProblems(q), ...answerVisibleProblems(q, ctx));
  return [...problems, ...proofProblems(q, clause, ctx)];
}

/** Whether the clause proves the answer (and none of the distractors). */
function proofProblems(q: QuizQuestion, clause: string, ctx: ValidationContext): string[] {
  const problems: string[] = [];
  const correct = q.options.filter((_, i) => q.answer.includes(i));
  const wrong = q.options.filter((_, i) => !q.answer.includes(i));
  if (q.kind === "truefalse") {
    if (q.options.join() !== TRUE_FALSE_OPTIONS.join())
      return ["true/false options must be 正确, 错误"];
    const statement = quoted(q.stem);
    if (!statement) return ["a true/false stem quotes its statement in 「」"];
    const inClause = clause.includes(normalize(statement));
    if (correct[0] === "正确" && !inClause)
      problems.push("the statement marked 正确 is not what the clause says");
    if (correct[0] === "错误") {
      if (inClause) problems.push("the statement marked 错误 is verbatim in the clause");
      else if (containment(hanBigrams(statement), hanBigrams(clause)) < 0.6)
        problems.push("the statement marked 错误 is not about this clause");
    }
    return problems;
  }
  if (q.stem.includes(BLANK)) {
    if (q.stem.length > CLOZE_STEM_MAX)
      problems.push(
        `a cloze stem is at most ${CLOZE_STEM_MAX} characters (a short decisive sentence)`,
      );
    // Its own ruling words, or an item under a heading listing forbidden conduct (整治内容).
    const filled = fill(q.stem, correct[0] ?? "");
    const ruling = rulingOf(filled);
    const stance = clauseStance(filled, q.source.section);
    if (ruling !== "prohibits" && ruling !== "conditions" && stance !== "prohibits")
      problems.push("a cloze quotes a sentence that forbids or conditions something");
    for (const c of correct)
      if (!clause.includes(normalize(fill(q.stem, c))))
        problems.push(`“${c}” in the blank is not what the clause says`);
    for (const w of wrong)
      if (clause.includes(normalize(fill(q.stem, w))))
        problems.push(`distractor “${w}” is also what the clause says`);
    return problems;
  }
  if (q.kind === "scenario") {
    if (q.conduct) return scenarioProof(q, ctx);
    // Scenarios of an older bank, with no kind of conduct: the clause must still rule.
    const stance = clauseStance(clause, q.source.section);
    if (stance !== "prohibits" && stance !== "conditions")
      problems.push("a scenario's clause must forbid or condition the conduct");
    return problems;
  }
  // Options quoted from the clause (table values, listed acts) must match it exactly; others
  // (paraphrases) must share most of their words with it, and distractors must not.
  const verbatim = correct.every((c) => clause.includes(normalize(c)));
  if (!verbatim && q.conduct && q.kind === "single") return choiceProof(q, ctx);
  for (const c of correct)
    if (!verbatim && containment(hanBigrams(c), hanBigrams(clause)) < 0.8)
      problems.push(`“${c}” is not supported by the clause`);
  for (const w of wrong) {
    const supported = verbatim
      ? clause.includes(normalize(w))
      : containment(hanBigrams(w), hanBigrams(clause)) >= 0.5;
    if (supported) problems.push(`distractor “${w}” is supported by the clause`);
  }
  return problems;
}

/**
 * A situation on a kind of conduct: it names the kind as the conduct model
 * reads questions, the options are plain verdicts with one of the answer's
 * sort, and the clause's ruling on the kind is that answer (prohibits →
 * 不可以, conditions → 需经…; a duty is stated by the clause's own words).
 */
function scenarioProof(q: QuizQuestion, ctx: ValidationContext): string[] {
  const problems: string[] = [];
  const kind = ctx.matcher.catalogue.get(q.conduct ?? "");
  if (!kind) return [`no kind of conduct “${q.conduct}” in the catalogue`];
  const named = ctx.matcher.match(q.stem).find((m) => m.kind.id === kind.id && m.governed);
  if (!named) problems.push(`the situation does not name ${kind.id} as the conduct model reads it`);
  const right = q.options[q.answer[0] ?? -1] ?? "";
  const verdict = verdictClass(right);
  if (!verdict) return [...problems, `the answer “${right}” gives no plain verdict`];
  if (q.options.filter((o) => verdictClass(o) === verdict).length > 1)
    problems.push(`more than one option gives the answer's verdict (${verdict})`);
  const tag = tagClause(q.source.text, q.source.section, ctx.matcher).find(
    (t) => t.kind === kind.id,
  );
  if (!tag) return [...problems, `the clause does not rule on ${kind.id}`];
  if (verdict === "duty") {
    if (kind.stance !== "info")
      problems.push(`${kind.id} is no duty: its stance is ${kind.stance}`);
  } else if (!rulingProves(verdict, tag.ruling, named?.breach ?? false)) {
    problems.push(`the clause ${tag.ruling} ${kind.id}: that does not prove “${right}”`);
  }
  return [...problems, ...quoteProblems(q)];
}

/**
 * "Which of these is forbidden" (a prohibited kind) or "which is allowed" (a
 * conditional kind): the answer names the kind and the clause rules on it so;
 * a distractor of "which is forbidden" names no forbidden conduct, one of
 * "which is allowed" names forbidden conduct.
 */
function choiceProof(q: QuizQuestion, ctx: ValidationContext): string[] {
  const problems: string[] = [];
  const kind = ctx.matcher.catalogue.get(q.conduct ?? "");
  if (!kind) return [`no kind of conduct “${q.conduct}” in the catalogue`];
  const right = q.options[q.answer[0] ?? -1] ?? "";
  const named = ctx.matcher.match(right).find((m) => m.kind.id === kind.id && m.governed);
  if (!named) problems.push(`the answer “${right}” does not name ${kind.id}`);
  const tag = tagClause(q.source.text, q.source.section, ctx.matcher).find(
    (t) => t.kind === kind.id,
  );
  const forbids = kind.stance === "prohibited";
  const wanted = forbids ? "prohibits" : "conditions";
  if (tag?.ruling !== wanted)
    problems.push(`the clause does not ${wanted.slice(0, -1)} ${kind.id}`);
  for (const w of q.options.filter((_, i) => !q.answer.includes(i))) {
    const forbidden = ctx.matcher
      .match(w)
      .some((m) => m.governed && (m.kind.stance === "prohibited" || m.breach));
    if (forbids && forbidden) problems.push(`distractor “${w}” names forbidden conduct too`);
    if (!forbids && !forbidden) problems.push(`distractor “${w}” names no forbidden conduct`);
  }
  return [...problems, ...quoteProblems(q)];
}

/** The explanation quotes the clause's decisive phrase in 「」, every piece verbatim. */
function quoteProblems(q: QuizQuestion): string[] {
  const quote = quoted(q.explanation);
  if (!quote) return ["the explanation quotes no decisive phrase in 「」"];
  const clause = normalizeText(normalize(q.source.text));
  const pieces = quote
    .split(/…+/)
    .map((p) => normalizeText(normalize(p)))
    .filter(Boolean);
  return pieces.every((p) => clause.includes(p))
    ? []
    : ["the explanation's quote is not the clause's words"];
}

/** The clause span a cloze stem quotes, with the blank filled. */
export function fill(stem: string, option: string): string {
  return (quoted(stem) ?? stem).replace(BLANK, option);
}

/** The quoted clause text of a stem, in 「」 (the corpus itself uses “” inside sentences). */
export function quoted(stem: string): string | undefined {
  return /「([^」]+)」/.exec(stem)?.[1];
}

function normalize(text: string): string {
  return text.replace(/\s+/g, "").replace(/…/g, "");
}
