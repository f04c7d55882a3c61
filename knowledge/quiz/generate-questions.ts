import { splitSentences } from "../../lib/text/sentences.js";
import { rulingOf, tagClause } from "../conduct/clause-kinds.js";
import type { ConductMatcher } from "../conduct/conduct-matcher.js";
import { normalizeText } from "../lexical/normalize.js";
import { LOW_QUALITY } from "../lexical/text-quality.js";
import { hanBigrams } from "../retrieval/near-duplicates.js";
import type { ClauseKind, StoredChunk } from "../types.js";
import { type Audience, AudienceMap } from "./audiences.js";
import type { ClauseCorpus } from "./governing-clause.js";
import {
  CLOZE_STEM_MAX,
  compatibleOptions,
  FORBIDDEN_LIST,
  RED_LINE,
  revealing,
} from "./quality-gates.js";
import { cite, sourceOf, tagsOf } from "./question-source.js";
import { type QuizQuestion, TRUE_FALSE_OPTIONS } from "./question-types.js";
import {
  equivalent,
  groupNameOf,
  groupOf,
  PERMITTED_CONDUCT,
  SAME_RULE_GROUPS,
  TERMS,
} from "./quiz-terms.js";
import { conductQuestions } from "./scenario-questions.js";
import { SceneBook } from "./scene-book.js";
import { arrange, hash, seededShuffle } from "./seeded.js";
import { BLANK, quoted, validateQuestion } from "./validate-question.js";
import { type ValidationContext, validationContext } from "./validation-context.js";

export { seededShuffle } from "./seeded.js";

/** What a generation run starts from beside the chunks. */
export interface GenerateOptions {
  /** Stop after this many questions (all by default). */
  count?: number;
  /** Questions already in the bank: new ones too close to these are skipped. */
  existing?: Pick<QuizQuestion, "stem" | "options" | "answer" | "origin" | "conduct">[];
  /** The conduct model (default: the shipped catalogue); the app passes its own, with admin words. */
  conduct?: ConductMatcher;
  /** Kinds the index tagged each clause with: only a prefilter, clauses are read again. */
  kindsOf?: (chunk: StoredChunk) => readonly ClauseKind[];
  /** Text quality and synonyms for the gates (default: shipped). */
  validation?: Partial<Omit<ValidationContext, "matcher">>;
  /** Situations per kind of conduct (default: knowledge/lexicon/quiz-scenes.txt). */
  scenes?: SceneBook;
  audiences?: AudienceMap;
}

/** What a generation run drafted, and what it dropped and why. */
export interface GenerateReport {
  questions: QuizQuestion[];
  /** Drafted, then dropped by validation (should be 0 for the offline generators). */
  invalid: { question: QuizQuestion; problems: string[] }[];
  /** Dropped as near-duplicates of another question drafted in this run (one clause, several editions). */
  nearDuplicates: number;
  /** Questions of the bank (`existing`) this run drafted again and dropped: why a second run drafts nothing. */
  alreadyInBank: number;
  /** Scene sets on kinds no clause governs the way their answer needs. */
  ungoverned: string[];
}

/** Questions composed from scenes, not cut from one clause's wording: duplicates are exact. */
const COMPOSED = new Set(["scenario", "forbidden-choice", "allowed-choice"]);

/**
 * A question composed from scenes (or exported from them and imported back):
 * on a kind of conduct, quoting no clause in its stem, not drafted by a model.
 */
export function composedLike(q: Pick<QuizQuestion, "origin" | "conduct" | "stem">): boolean {
  if (COMPOSED.has(q.origin)) return true;
  return q.origin !== "llm" && q.conduct !== undefined && quoted(q.stem) === undefined;
}

/** Task-table facts (who leads, by when) are for administrators. */
const ADMIN_AUDIENCE: Audience[] = ["管理"];

interface Deps {
  ctx: ValidationContext;
  audiences: AudienceMap;
}

/**
 * Questions from the corpus, offline and deterministic. First, for every
 * kind of conduct the catalogue names, situations in everyday words answered
 * by the clause that governs the kind, and "which of these is forbidden /
 * allowed" across kinds; then cloze and true/false on short decisive
 * sentences, multiple choice from lists of forbidden conduct, and task-table
 * rows (who leads, by when) for administrators only. Every question passes
 * validation; near-duplicates (the same clause in several editions) are kept once.
 */
export function generateQuestions(
  chunks: StoredChunk[],
  options: GenerateOptions = {},
): GenerateReport {
  const ctx = validationContext({ ...options.validation, matcher: options.conduct });
  const deps: Deps = { ctx, audiences: options.audiences ?? AudienceMap.shipped() };
  const preferred = chunks.filter((c) => c.occurrences[0]?.kind !== "news");
  const corpus: ClauseCorpus = { chunks: preferred, kindsOf: options.kindsOf };
  const conduct = conductQuestions(corpus, {
    matcher: ctx.matcher,
    quality: ctx.quality,
    scenes: options.scenes ?? SceneBook.shipped(ctx.matcher.catalogue),
    audiences: deps.audiences,
  });
  const drafts: QuizQuestion[] = [
    ...conduct.questions,
    ...preferred.flatMap((c) => clauseQuestions(c, deps)),
    ...listQuestions(preferred, deps),
    ...rowQuestions(preferred, deps),
  ];
  const kept: QuizQuestion[] = [];
  const invalid: GenerateReport["invalid"] = [];
  const existing = options.existing ?? [];
  const seen = existing.map(fingerprint);
  const composed = existing.map(composedLike);
  const exact = new Map(existing.map((q, i) => [exactKey(q), i]));
  const inBank = seen.length;
  let nearDuplicates = 0;
  const refound = new Set<number>();
  for (const q of drafts) {
    const problems = validateQuestion(q, ctx);
    if (problems.length > 0) {
      invalid.push({ question: q, problems });
      continue;
    }
    const fp = fingerprint(q);
    const twin = composedLike(q)
      ? (exact.get(exactKey(q)) ?? -1)
      : seen.findIndex((s, i) => !composed[i] && jaccard(s, fp) >= 0.6);
    if (twin >= 0) {
      // A bank question counts once; its other editions are near-duplicates.
      if (twin < inBank && !refound.has(twin)) refound.add(twin);
      else nearDuplicates++;
      continue;
    }
    exact.set(exactKey(q), seen.length);
    seen.push(fp);
    composed.push(composedLike(q));
    kept.push(q);
    if (options.count !== undefined && kept.length >= options.count) break;
  }
  return {
    questions: kept,
    invalid,
    nearDuplicates,
    alreadyInBank: refound.size,
    ungoverned: conduct.ungoverned,
  };
}

/** The character pairs of what a question tests: the quoted clause text and the answer. */
export function fingerprint(q: Pick<QuizQuestion, "stem" | "options" | "answer">): Set<string> {
  // The quoted clause text, not the citation around it: questions on different
  // sentences of one document share a long citation but are not duplicates.
  return hanBigrams(`${quoted(q.stem) ?? q.stem}${q.answer.map((i) => q.options[i]).join("")}`);
}

/** Stem, options and answer exactly: composed variants differ in a word, and are not duplicates. */
export function exactKey(q: Pick<QuizQuestion, "stem" | "options" | "answer">): string {
  return `${normalizeText(q.stem)}\u0000${q.answer.map((i) => normalizeText(q.options[i] ?? "")).join("|")}`;
}

/** Shared share of two fingerprints, 0–1: 0.6 and above is a near-duplicate. */
export function jaccard(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
}

/** Sentences fit for a question: whole, not too short or long, numbering stripped. */
function sentencesOf(text: string): string[] {
  return splitSentences(text.replace(/\n/g, ""))
    .map((s) =>
      s
        .replace(
          /^\s*(（[一二三四五六七八九十\d]+）|\([一二三四五六七八九十\d]+\)|[一二三四五六七八九十]+、|\d+\s*[.、．])\s*/,
          "",
        )
        .trim(),
    )
    .filter((s) => s.length >= 14 && s.length <= 140 && /[。；]$/.test(s));
}

/** The domain term of a sentence worth blanking: the longest, first occurring. */
function termIn(sentence: string): string | undefined {
  const found = TERMS.filter((t) => sentence.includes(t)).sort((a, b) => b.length - a.length);
  // A term inside a longer found term (红包 in 收受红包) is not a separate choice.
  return found.find((t) => !found.some((o) => o !== t && o.includes(t) && sentence.includes(o)));
}

function distractorsFor(term: string, sentence: string, seed: string, n = 3): string[] {
  const pool = groupOf(term).filter(
    (t) =>
      t !== term &&
      !equivalent(t, term) &&
      !sentence.includes(t) &&
      !t.includes(term) &&
      !term.includes(t) &&
      // Of one length class with the answer.
      t.length <= 2 * term.length + 4 &&
      term.length <= 2 * t.length + 4,
  );
  return seededShuffle(pool, seed).slice(0, n);
}

/** The kinds of conduct a sentence forbids or conditions (duties and mentions do not count). */
function decisiveKinds(sentence: string, section: string, ctx: ValidationContext): ClauseKind[] {
  const listed = FORBIDDEN_LIST.test(section);
  const ruling = rulingOf(sentence);
  const ruled = (ruling === "prohibits" || ruling === "conditions") && RED_LINE.test(sentence);
  if (!ruled && !listed) return [];
  return tagClause(sentence, section, ctx.matcher).filter(
    (t) =>
      (t.ruling === "prohibits" || t.ruling === "conditions") &&
      t.strength >= 0.5 &&
      ctx.matcher.catalogue.get(t.kind)?.stance !== "info",
  );
}

function audiencesOf(kinds: readonly ClauseKind[], deps: Deps): Audience[] {
  return kinds.length > 0 ? deps.audiences.ofKinds(kinds.map((k) => k.kind)) : [...ADMIN_AUDIENCE];
}

/** Term groups a cloze blanks: what is given, what is done, what is used. */
const CLOZE_GROUPS = new Set(["benefit", "act", "resource"]);

/** A statement to judge or complete is one short sentence. */
const STATEMENT_MAX = 100;

/**
 * Cloze and true/false on the clause's short decisive sentences: sentences
 * that forbid or condition a kind of conduct, read clean, and whose blanked
 * term (or a synonym) the sentence and its headings do not give away.
 */
function clauseQuestions(chunk: StoredChunk, deps: Deps): QuizQuestion[] {
  if (chunk.kind === "row" || chunk.kind === "form") return [];
  const { ctx } = deps;
  const section = chunk.occurrences[0]?.section ?? "";
  const questions: QuizQuestion[] = [];
  const source = sourceOf(chunk);
  let cloze = 0;
  let truefalse = 0;
  // Half the clauses start with a true/false question, half with a cloze.
  const tfFirst = hash(`tf:${chunk.id}`) % 2 === 0;
  for (const sentence of sentencesOf(chunk.text)) {
    if (sentence.length > STATEMENT_MAX) continue;
    const term = termIn(sentence);
    if (!term) continue;
    const kinds = decisiveKinds(sentence, section, ctx);
    if (kinds.length === 0 || ctx.quality.score(sentence) < LOW_QUALITY) continue;
    const seed = `${chunk.id}:${sentence}`;
    const about = {
      tags: tagsOf(sentence),
      origin: "",
      conduct: kinds[0]?.kind,
      audiences: audiencesOf(kinds, deps),
      adminOnly: false,
    };
    // One question per sentence, alternating kinds, so no two questions test the same words.
    // A false statement must state a different rule: swapping one kickback word for
    // another (回扣 → 红包) would still be a true rule, so those groups are not flipped.
    const eligibleForTf = !SAME_RULE_GROUPS.includes(groupNameOf(term) ?? "");
    if (eligibleForTf && truefalse < 3 && (tfFirst ? truefalse <= cloze : truefalse < cloze)) {
      const faithful = hash(seed) % 2 === 0;
      const swap = distractorsFor(term, sentence, `${seed}:tf`, 1)[0];
      const statement = faithful || !swap ? sentence : sentence.replace(term, swap);
      questions.push({
        ...about,
        kind: "truefalse",
        stem: `判断：下面这句话与${cite(source)}原文一致：「${statement}」`,
        options: [...TRUE_FALSE_OPTIONS],
        answer: [statement === sentence ? 0 : 1],
        explanation:
          statement === sentence
            ? `正确。原文：“${sentence}”——${cite(source)}`
            : `错误。原文是“${sentence}”，不是“${swap}”。——${cite(source)}`,
        source,
        origin: "truefalse",
      });
      truefalse++;
      continue;
    }
    // A cloze asks for the conduct a red line names, not for which body a sentence mentions.
    if (cloze >= 4 || !CLOZE_GROUPS.has(groupNameOf(term) ?? "")) continue;
    const stem = `${source.year ? `${source.year}年的规定` : "规定"}写道：「${sentence.replace(term, BLANK)}」横线处应为：`;
    if (stem.length > CLOZE_STEM_MAX) continue;
    const distractors = distractorsFor(term, sentence, seed);
    if (distractors.length < 3) continue;
    // The blank must not be readable elsewhere in the sentence or in the headings above it.
    const shown = normalizeText(`${sentence.replace(term, "\u0000")}\n${section}`);
    if (revealing(term, [term, ...distractors], ctx).some((w) => shown.includes(w))) continue;
    const { options, answer } = arrange([term], distractors, seed);
    questions.push({
      ...about,
      kind: "single",
      stem,
      options,
      answer,
      explanation: `原文：“${sentence}”——${cite(source)}`,
      source,
      origin: "cloze",
    });
    cloze++;
  }
  return questions;
}

/** Task-table rows: who leads a task, and by when — for administrators, never in staff practice. */
function rowQuestions(chunks: StoredChunk[], deps: Deps): QuizQuestion[] {
  const { ctx } = deps;
  const clean = (text: string) => ctx.quality.score(text) >= LOW_QUALITY;
  const rows = chunks.filter((c) => c.kind === "row" && c.fields?.任务);
  const byDoc = new Map<string, StoredChunk[]>();
  for (const r of rows) {
    const title = r.occurrences[0]?.title ?? "";
    byDoc.set(title, [...(byDoc.get(title) ?? []), r]);
  }
  const questions: QuizQuestion[] = [];
  for (const docRows of byDoc.values()) {
    for (const field of ["责任单位", "完成时限"] as const) {
      const values = [
        ...new Set(
          docRows
            .map((r) => r.fields?.[field]?.trim())
            .filter((v): v is string => Boolean(v && v.length <= 60 && clean(v))),
        ),
      ];
      if (values.length < 4) continue;
      for (const row of docRows) {
        const value = row.fields?.[field]?.trim();
        const task = shortTask(row.fields?.任务 ?? "");
        if (!value || !values.includes(value) || !task || !clean(task)) continue;
        // Two rows with the same task wording but different answers would make the question ambiguous.
        const ambiguous = docRows.some(
          (other) =>
            other !== row &&
            shortTask(other.fields?.任务 ?? "") === task &&
            other.fields?.[field]?.trim() !== value,
        );
        if (ambiguous) continue;
        const seed = `${row.id}:${field}`;
        // Distractors of the answer's length class, none a one-character variant (2022年 / 2023年).
        const wrong: string[] = [];
        for (const v of seededShuffle(values, seed)) {
          if (wrong.length === 3) break;
          if (v === value || v.includes(value) || value.includes(v)) continue;
          if (compatibleOptions([value, ...wrong, v])) wrong.push(v);
        }
        if (wrong.length < 3) continue;
        const source = sourceOf(row, `任务：${row.fields?.任务 ?? ""}\n${field}：${value}`);
        const { options, answer } = arrange([value], wrong, seed);
        questions.push({
          kind: "single",
          stem: `根据《${source.title}》${source.year ? `（${source.year}）` : ""}，任务“${task}”的${field === "责任单位" ? "责任单位" : "完成时限"}是：`,
          options,
          answer,
          explanation: `${field}：${value}。——${cite(source)}`,
          source,
          tags: tagsOf(row.fields?.任务 ?? ""),
          origin: "table-row",
          audiences: [...ADMIN_AUDIENCE],
          adminOnly: true,
        });
      }
    }
  }
  return questions;
}

/** The specific task of a row: after "总任务——" when present, its first sentence. */
function shortTask(task: string): string {
  const specific = task.includes("——") ? (task.split("——")[1] ?? "") : task;
  const head = specific.split(/。/)[0]?.trim() ?? "";
  return head.length > 50 ? `${head.slice(0, 50)}…` : head;
}

/** Listed acts an option may quote: as long as the allowed conduct beside them, at most. */
const LIST_ACT_MAX = 30;

/** "Which of these are forbidden": items of a list of forbidden conduct against allowed conduct. */
function listQuestions(chunks: StoredChunk[], deps: Deps): QuizQuestion[] {
  const lists = new Map<string, StoredChunk[]>();
  for (const c of chunks) {
    const o = c.occurrences[0];
    if (!o || c.kind === "row") continue;
    const parts = o.section.split(" > ");
    const head = parts[0] ?? "";
    if (parts.length !== 2 || !/整治内容|整治重点|违规行为|负面清单|九不准/.test(head)) continue;
    const key = `${o.title}|${head}`;
    lists.set(key, [...(lists.get(key) ?? []), c]);
  }
  const questions: QuizQuestion[] = [];
  for (const [key, items] of lists) {
    const acts = items
      .map((c) => ({ c, act: actOf(c.text) }))
      .filter(
        (x): x is { c: StoredChunk; act: string } =>
          x.act !== undefined && deps.ctx.quality.score(x.act) >= LOW_QUALITY,
      );
    if (acts.length < 6) continue;
    const head = key.split("|")[1] ?? "";
    for (let start = 0; start + 3 <= acts.length; start += 3) {
      const chosen = acts.slice(start, start + 3);
      const seed = `${key}:${start}`;
      const wrong = seededShuffle(PERMITTED_CONDUCT, seed).slice(0, 2);
      const first = chosen[0]?.c;
      if (!first) continue;
      const source = { ...sourceOf(first, chosen.map((x) => x.c.text).join("\n")), section: head };
      const { options, answer } = arrange(
        chosen.map((x) => x.act),
        wrong,
        seed,
      );
      const kinds = chosen.flatMap((x) =>
        tagClause(x.c.text, head, deps.ctx.matcher).filter((t) => t.ruling !== "mentions"),
      );
      questions.push({
        kind: "multiple",
        stem: `以下哪些属于《${source.title}》“${head.replace(/^[一二三四五六七八九十]+、/, "")}”所列的行为？（多选）`,
        options,
        answer,
        explanation: `所列行为包括：${chosen.map((x) => x.act).join("；")}。——${cite(source)}`,
        source,
        tags: tagsOf(source.text),
        origin: "forbidden-list",
        audiences: audiencesOf(kinds, deps),
        adminOnly: false,
      });
    }
  }
  return questions;
}

/** The conduct an item of a list names, short enough for an option. */
function actOf(text: string): string | undefined {
  const body = text.replace(
    /^\s*(（[一二三四五六七八九十\d]+）|\([一二三四五六七八九十\d]+\))\s*/,
    "",
  );
  const first = body.split(/[；;。]/)[0]?.trim() ?? "";
  const clipped = first.length > LIST_ACT_MAX ? (first.split(/[，,]/)[0] ?? "") : first;
  return clipped.length >= 8 && clipped.length <= LIST_ACT_MAX ? clipped : undefined;
}
