import { clauseStance } from "../answer/clause-stance.js";
import { containment, hanBigrams } from "../retrieval/near-duplicates.js";
import { type QuizQuestion, TRUE_FALSE_OPTIONS } from "./question-types.js";

export const BLANK = "____";

/** Telegram quiz polls: question ≤ 300 characters, options ≤ 100, 2–10 options. */
const LIMITS = { stem: 300, option: 100, minOptions: 2, maxOptions: 10 } as const;

/**
 * Why a question cannot be asked, or [] when it can. Beyond shape, every
 * question must be answerable from its clause: the correct answer is
 * supported by the clause text and no distractor is. Applied to generated,
 * model-drafted and imported questions alike.
 */
export function validateQuestion(q: QuizQuestion): string[] {
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

  const correct = q.options.filter((_, i) => answers.has(i));
  const wrong = q.options.filter((_, i) => !answers.has(i));
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
    for (const c of correct)
      if (!clause.includes(normalize(fill(q.stem, c))))
        problems.push(`“${c}” in the blank is not what the clause says`);
    for (const w of wrong)
      if (clause.includes(normalize(fill(q.stem, w))))
        problems.push(`distractor “${w}” is also what the clause says`);
    return problems;
  }
  if (q.kind === "scenario") {
    const stance = clauseStance(clause, q.source.section);
    if (stance !== "prohibits" && stance !== "conditions")
      problems.push("a scenario's clause must forbid or condition the conduct");
    return problems;
  }
  // Options quoted from the clause (table values, listed acts) must match it exactly; others
  // (paraphrases) must share most of their words with it, and distractors must not.
  const verbatim = correct.every((c) => clause.includes(normalize(c)));
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
