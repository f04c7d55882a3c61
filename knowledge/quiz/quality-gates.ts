import { normalizeText } from "../lexical/normalize.js";
import { LOW_QUALITY } from "../lexical/text-quality.js";
import type { QuizQuestion } from "./question-types.js";
import { EQUIVALENT, groupNameOf } from "./quiz-terms.js";
import type { ValidationContext } from "./validation-context.js";
import { verdictClass } from "./verdict-options.js";

/** What a cloze stem shows in place of the answer. */
export const BLANK = "____";

/**
 * Words that draw a red line. Programme words (整治, 治理, 遏制) rule too, but a
 * sentence that only launches a campaign teaches a clinician nothing.
 */
export const RED_LINE =
  /严禁|禁止|不得|不准|不允许|须经|未经|严肃查处|严厉打击|坚决查处|依法查处|从严查处|查处|惩治|严惩|打击|纠治|杜绝|红线|高压线|违法违规行为|违规行为/;

/** Headings whose items are each a forbidden act: the item draws the red line itself. */
export const FORBIDDEN_LIST = /整治内容|整治重点|违规行为|负面清单|九不准|禁止|禁令/;

/** A cloze quotes one short decisive sentence, not a paragraph of administrative prose. */
export const CLOZE_STEM_MAX = 120;

/** Stems and options with scan damage ("持续推迸", "利益钺条", "方方法步骤") are not shown to learners. */
export function scanProblems(q: QuizQuestion, ctx: ValidationContext): string[] {
  const problems: string[] = [];
  const stem = q.stem.replace(BLANK, "");
  if (ctx.quality.score(stem) < LOW_QUALITY)
    problems.push("the stem reads like scan damage (text quality below 0.9)");
  const repeat = scanRepeat(stem, ctx.quality);
  if (repeat) problems.push(`the stem repeats a character as scans do (${repeat})`);
  for (const o of q.options)
    if (ctx.quality.score(o) < LOW_QUALITY || scanRepeat(o, ctx.quality))
      problems.push(`option “${o}” reads like scan damage (text quality below 0.9)`);
  return problems;
}

/**
 * A character doubled by the scanner ("方方法步骤", "购销销领域"): one copy
 * belongs to no word, so dropping it leaves less that reads as damage. A
 * doubling across two words (直接接受, 失信信息) keeps both copies in words.
 */
export function scanRepeat(
  text: string,
  quality: ValidationContext["quality"],
): string | undefined {
  if (!quality.measure) return undefined;
  const suspect = quality.measure(text).suspect;
  for (const m of text.matchAll(/(\p{Script=Han})\1/gu)) {
    const at = m.index ?? 0;
    const without = `${text.slice(0, at)}${text.slice(at + 1)}`;
    if (quality.measure(without).suspect < suspect - 1e-9)
      return text.slice(Math.max(0, at - 2), at + 4);
  }
  return undefined;
}

/**
 * Options of one sort and length class, none a one-character variant of
 * another: a distractor that differs from the answer by an OCR error, or that
 * stands out by its kind or length, tests nothing.
 */
export function optionProblems(q: QuizQuestion): string[] {
  const problems: string[] = [];
  const options = q.options.map((o) => normalizeText(o.trim()));
  for (let i = 0; i < options.length; i++)
    for (let j = i + 1; j < options.length; j++)
      if (editDistanceAtMostOne(options[i] ?? "", options[j] ?? ""))
        problems.push(`options “${q.options[i]}” and “${q.options[j]}” differ by one character`);
  const lengths = options.map((o) => [...o].length);
  const shortest = Math.min(...lengths);
  const longest = Math.max(...lengths);
  if (longest > 2 * shortest + 4)
    problems.push(`options of ${shortest} to ${longest} characters are not one length class`);
  const sort = sortOf(q);
  if (sort) problems.push(sort);
  return problems;
}

/** Why the options are not of one sort, or undefined when they are. */
function sortOf(q: QuizQuestion): string | undefined {
  if (q.kind === "truefalse") return undefined;
  if (q.kind === "scenario") {
    const plain = q.options.filter((o) => verdictClass(o) === undefined);
    return plain.length > 0
      ? `scenario options open with a plain verdict (可以 / 不可以 / 需经… / 应当…): not “${plain[0]}”`
      : undefined;
  }
  const groups = q.options.map(groupNameOf);
  if (groups.some((g) => g !== undefined) && new Set(groups).size > 1)
    return "options are not the same sort of term";
  const dates = q.options.map(isDate);
  if (dates.some(Boolean) && !dates.every(Boolean)) return "options mix dates and other things";
  return undefined;
}

function isDate(option: string): boolean {
  return /\d{4}\s*年|\d+\s*月|年底|月底|底前|长期|持续|常态/.test(option);
}

/**
 * The answer given away: a correct option, or a synonym of it, readable in
 * the stem or in the headings the clause sits under ("（七）加强医保基金规范管理
 * 及使用中写道：「加强____规范管理…」").
 */
export function answerVisibleProblems(q: QuizQuestion, ctx: ValidationContext): string[] {
  if (q.kind === "truefalse" || q.kind === "scenario") return [];
  const stem = normalizeText(q.stem.replace(BLANK, "\u0000"));
  const headings = normalizeText(q.source.section);
  const problems: string[] = [];
  for (const i of q.answer) {
    const answer = q.options[i] ?? "";
    for (const word of revealing(answer, q.options, ctx)) {
      if (stem.includes(word))
        problems.push(`the answer “${answer}” is visible in the stem (${word})`);
      else if (headings.includes(word))
        problems.push(`the answer “${answer}” is visible in the headings (${word})`);
    }
  }
  return problems;
}

/** The answer and the words meaning the same (two characters or more), other options excepted. */
export function revealing(answer: string, options: string[], ctx: ValidationContext): string[] {
  const own = normalizeText(answer.trim());
  const others = new Set(options.map((o) => normalizeText(o.trim())).filter((o) => o !== own));
  const words = new Set<string>([own, ...ctx.synonyms.synonymsOf(own)]);
  for (const set of EQUIVALENT)
    if (set.includes(answer)) for (const w of set) words.add(normalizeText(w));
  return [...words].filter((w) => [...w].length >= 2 && !others.has(w));
}

/** Whether options may stand side by side: of one length class, not one character apart. */
export function compatibleOptions(options: readonly string[]): boolean {
  return optionProblems({ kind: "single", options: [...options] } as QuizQuestion).length === 0;
}

function editDistanceAtMostOne(a: string, b: string): boolean {
  if (a === b) return true;
  const x = [...a];
  const y = [...b];
  if (Math.abs(x.length - y.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < x.length && j < y.length) {
    if (x[i] === y[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (x.length > y.length) i++;
    else if (y.length > x.length) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (x.length - i) + (y.length - j) <= 1;
}
