import { createHash } from "node:crypto";
import { splitSentences } from "../../lib/text/sentences.js";
import { clauseStance } from "../answer/clause-stance.js";
import { hanBigrams } from "../retrieval/near-duplicates.js";
import type { StoredChunk } from "../types.js";
import { type QuestionSource, type QuizQuestion, TRUE_FALSE_OPTIONS } from "./question-types.js";
import {
  equivalent,
  groupNameOf,
  groupOf,
  PERMITTED_CONDUCT,
  SAME_RULE_GROUPS,
  SCENARIOS,
  TERMS,
} from "./quiz-terms.js";
import { BLANK, quoted, validateQuestion } from "./validate-question.js";

export interface GenerateOptions {
  /** Stop after this many questions (all by default). */
  count?: number;
  /** Questions already in the bank: new ones too close to these are skipped. */
  existing?: Pick<QuizQuestion, "stem" | "options" | "answer">[];
}

export interface GenerateReport {
  questions: QuizQuestion[];
  /** Drafted, then dropped by validation (should be 0 for the offline generators). */
  invalid: { question: QuizQuestion; problems: string[] }[];
  /** Dropped as near-duplicates of another question drafted in this run (one clause, several editions). */
  nearDuplicates: number;
  /** Questions of the bank (`existing`) this run drafted again and dropped: why a second run drafts nothing. */
  alreadyInBank: number;
}

/**
 * Questions from the corpus, offline and deterministic: cloze single-choice
 * and true/false from clause sentences that name a domain term, single
 * choice from task-table rows (who leads, by when), multiple choice from
 * lists of forbidden conduct, and scenarios answered by the clause that
 * forbids the conduct. Every question passes validation against its clause;
 * near-duplicates (the same clause in several editions) are kept once.
 */
export function generateQuestions(
  chunks: StoredChunk[],
  options: GenerateOptions = {},
): GenerateReport {
  const preferred = chunks.filter((c) => c.occurrences[0]?.kind !== "news");
  const drafts: QuizQuestion[] = [
    ...preferred.flatMap(clauseQuestions),
    ...rowQuestions(preferred),
    ...listQuestions(preferred),
    ...scenarioQuestions(preferred),
  ];
  const kept: QuizQuestion[] = [];
  const invalid: GenerateReport["invalid"] = [];
  const seen = (options.existing ?? []).map(fingerprint);
  const inBank = seen.length;
  let nearDuplicates = 0;
  const refound = new Set<number>();
  for (const q of drafts) {
    const problems = validateQuestion(q);
    if (problems.length > 0) {
      invalid.push({ question: q, problems });
      continue;
    }
    const fp = fingerprint(q);
    const twin = seen.findIndex((s) => jaccard(s, fp) >= 0.6);
    if (twin >= 0) {
      // A bank question counts once; its other editions are near-duplicates.
      if (twin < inBank && !refound.has(twin)) refound.add(twin);
      else nearDuplicates++;
      continue;
    }
    seen.push(fp);
    kept.push(q);
    if (options.count !== undefined && kept.length >= options.count) break;
  }
  return { questions: kept, invalid, nearDuplicates, alreadyInBank: refound.size };
}

export function fingerprint(q: Pick<QuizQuestion, "stem" | "options" | "answer">): Set<string> {
  // The quoted clause text, not the citation around it: questions on different
  // sentences of one document share a long citation but are not duplicates.
  return hanBigrams(`${quoted(q.stem) ?? q.stem}${q.answer.map((i) => q.options[i]).join("")}`);
}

export function jaccard(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
}

function sourceOf(chunk: StoredChunk, text = chunk.text): QuestionSource {
  const o = chunk.occurrences[0];
  return {
    text,
    title: o?.title ?? "",
    year: o?.year,
    section: o?.section ?? "",
    chunkId: chunk.id,
  };
}

function cite(s: QuestionSource): string {
  const section = s.section.split(" > ").pop() ?? "";
  return `《${s.title}》${s.year ? `（${s.year}）` : ""}${section ? ` ${section.length > 40 ? `${section.slice(0, 40)}…` : section}` : ""}`;
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
      !term.includes(t),
  );
  return seededShuffle(pool, seed).slice(0, n);
}

function clauseQuestions(chunk: StoredChunk): QuizQuestion[] {
  if (chunk.kind === "row") return [];
  const section = chunk.occurrences[0]?.section ?? "";
  const questions: QuizQuestion[] = [];
  const sentences = sentencesOf(chunk.text);
  const source = sourceOf(chunk);
  let cloze = 0;
  let truefalse = 0;
  // Half the clauses start with a true/false question, half with a cloze.
  const tfFirst = hash(`tf:${chunk.id}`) % 2 === 0;
  for (const sentence of sentences) {
    const term = termIn(sentence);
    if (!term) continue;
    const seed = `${chunk.id}:${sentence}`;
    const tags = tagsOf(sentence);
    const stance = clauseStance(sentence, section);
    // One question per sentence, alternating kinds, so no two questions test the same words.
    // A false statement must state a different rule: swapping one kickback word for
    // another (回扣 → 红包) would still be a true rule, so those groups are not flipped.
    const eligibleForTf =
      (stance === "prohibits" || stance === "conditions") &&
      !SAME_RULE_GROUPS.includes(groupNameOf(term) ?? "");
    if (eligibleForTf && truefalse < 3 && (tfFirst ? truefalse <= cloze : truefalse < cloze)) {
      const faithful = hash(seed) % 2 === 0;
      const swap = distractorsFor(term, sentence, `${seed}:tf`, 1)[0];
      const statement = faithful || !swap ? sentence : sentence.replace(term, swap);
      questions.push({
        kind: "truefalse",
        stem: `判断：下面这句话与${cite(source)}原文一致：「${statement}」`,
        options: [...TRUE_FALSE_OPTIONS],
        answer: [statement === sentence ? 0 : 1],
        explanation:
          statement === sentence
            ? `正确。原文：“${sentence}”——${cite(source)}`
            : `错误。原文是“${sentence}”，不是“${swap}”。——${cite(source)}`,
        source,
        tags,
        origin: "truefalse",
      });
      truefalse++;
      continue;
    }
    if (cloze >= 4) continue;
    const distractors = distractorsFor(term, sentence, seed);
    if (distractors.length < 3) continue;
    const blanked = sentence.replace(term, BLANK);
    const { options, answer } = arrange([term], distractors, seed);
    questions.push({
      kind: "single",
      stem: `${cite(source)}中写道：「${blanked}」横线处应为：`,
      options,
      answer,
      explanation: `原文：“${sentence}”——${cite(source)}`,
      source,
      tags,
      origin: "cloze",
    });
    cloze++;
  }
  return questions;
}

/** Task-table rows: who leads a task, and by when (options from the same table's other rows). */
function rowQuestions(chunks: StoredChunk[]): QuizQuestion[] {
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
            .filter((v): v is string => Boolean(v && v.length <= 60)),
        ),
      ];
      if (values.length < 4) continue;
      for (const row of docRows) {
        const value = row.fields?.[field]?.trim();
        const task = shortTask(row.fields?.任务 ?? "");
        if (!value || !values.includes(value) || !task) continue;
        // Two rows with the same task wording but different answers would make the question ambiguous.
        const ambiguous = docRows.some(
          (other) =>
            other !== row &&
            shortTask(other.fields?.任务 ?? "") === task &&
            other.fields?.[field]?.trim() !== value,
        );
        if (ambiguous) continue;
        const seed = `${row.id}:${field}`;
        const wrong = seededShuffle(
          values.filter((v) => v !== value && !v.includes(value) && !value.includes(v)),
          seed,
        ).slice(0, 3);
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

/** "Which of these are forbidden": items of a list of forbidden conduct against allowed conduct. */
function listQuestions(chunks: StoredChunk[]): QuizQuestion[] {
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
      .filter((x): x is { c: StoredChunk; act: string } => x.act !== undefined);
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
      questions.push({
        kind: "multiple",
        stem: `以下哪些属于《${source.title}》“${head.replace(/^[一二三四五六七八九十]+、/, "")}”所列的行为？（多选）`,
        options,
        answer,
        explanation: `所列行为包括：${chosen.map((x) => x.act).join("；")}。——${cite(source)}`,
        source,
        tags: tagsOf(source.text),
        origin: "forbidden-list",
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
  const clipped = first.length > 60 ? (first.split("，")[0] ?? "") : first;
  return clipped.length >= 8 && clipped.length <= 60 ? clipped : undefined;
}

/** Scenarios answered by the clause that forbids the conduct (the best-matching prohibition). */
function scenarioQuestions(chunks: StoredChunk[]): QuizQuestion[] {
  const questions: QuizQuestion[] = [];
  for (const s of SCENARIOS) {
    const candidates = chunks
      .filter((c) => c.kind !== "row")
      .filter((c) => s.evidence.every((group) => group.some((w) => c.text.includes(w))))
      .filter((c) => clauseStance(c.text, c.occurrences[0]?.section ?? "") === "prohibits")
      .sort(
        (a, b) =>
          (b.occurrences[0]?.year ?? 0) - (a.occurrences[0]?.year ?? 0) ||
          a.text.length - b.text.length,
      );
    const chunk = candidates[0];
    if (!chunk) continue;
    const source = sourceOf(chunk);
    const { options, answer } = arrange([s.right], s.wrong, s.stem);
    const quote = bestSentence(chunk.text, s.evidence.flat());
    questions.push({
      kind: "scenario",
      stem: s.stem,
      options,
      answer,
      explanation: `${s.right}。依据${cite(source)}：“${quote}”`,
      source,
      tags: s.tags,
      origin: "scenario",
    });
  }
  return questions;
}

function bestSentence(text: string, words: string[]): string {
  const sentences = splitSentences(text.replace(/\n/g, ""));
  const best =
    sentences
      .map((s) => ({ s, n: words.filter((w) => s.includes(w)).length }))
      .sort((a, b) => b.n - a.n)[0]?.s ?? text;
  return best.length > 150 ? `${best.slice(0, 150)}…` : best;
}

const TOPIC_TAGS: [string, RegExp][] = [
  ["红包", /红包|礼金|现金/],
  ["回扣", /回扣|提成|返利|好处|财物|商业贿赂/],
  ["统方", /统方|统计.*用量|用量信息/],
  ["药企宴请", /宴请|旅游|娱乐/],
  ["医保", /医保/],
  ["学术会议", /学术|会议|捐赠|赞助/],
  ["集采", /集中带量采购|集采|中选/],
];

function tagsOf(text: string): string[] {
  return TOPIC_TAGS.filter(([, p]) => p.test(text)).map(([t]) => t);
}

/** Options in a stable shuffled order, so the answer is not always first. */
function arrange(
  correct: string[],
  wrong: string[],
  seed: string,
): { options: string[]; answer: number[] } {
  const all = seededShuffle(
    [...correct.map((text) => ({ text, ok: true })), ...wrong.map((text) => ({ text, ok: false }))],
    seed,
  );
  return {
    options: all.map((o) => o.text),
    answer: all.flatMap((o, i) => (o.ok ? [i] : [])),
  };
}

function hash(text: string): number {
  return createHash("sha256").update(text).digest().readUInt32BE(0);
}

export function seededShuffle<T>(items: T[], seed: string): T[] {
  return items
    .map((item, i) => ({ item, key: hash(`${seed}:${i}`) }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.item);
}
