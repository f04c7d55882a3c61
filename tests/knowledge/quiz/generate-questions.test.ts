import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tagClause } from "../../../knowledge/conduct/clause-kinds.js";
import type { ConductMatcher } from "../../../knowledge/conduct/conduct-matcher.js";
import { normalizeText } from "../../../knowledge/lexical/normalize.js";
import { SynonymLexicon } from "../../../knowledge/lexical/synonyms.js";
import { defaultTextQuality, LOW_QUALITY } from "../../../knowledge/lexical/text-quality.js";
import { allChunks } from "../../../knowledge/ports/knowledge-store.js";
import { AUDIENCES } from "../../../knowledge/quiz/audiences.js";
import {
  fingerprint,
  type GenerateReport,
  generateQuestions,
  jaccard,
} from "../../../knowledge/quiz/generate-questions.js";
import type { QuizQuestion } from "../../../knowledge/quiz/question-types.js";
import { EQUIVALENT } from "../../../knowledge/quiz/quiz-terms.js";
import { BLANK, fill, quoted } from "../../../knowledge/quiz/validate-question.js";
import type { StoredChunk } from "../../../knowledge/types.js";
import { openTempKnowledgeBase, type TempKnowledgeBase } from "../../helpers/temp-kb.js";

const squash = (t: string) => normalizeText(t.replace(/\s+/g, "").replace(/…/g, ""));
const JUDGMENT = new Set(["scenario", "forbidden-choice", "allowed-choice"]);

/** The ruling a plain verdict option claims, read here without the generator's helpers. */
function claimedRuling(option: string): "prohibits" | "conditions" | "duty" | undefined {
  if (/^(不可以|不能|不得)/.test(option)) return "prohibits";
  if (/^(需|须)/.test(option)) return "conditions";
  if (/^应当/.test(option)) return "duty";
  return undefined;
}

/** Every word meaning what the answer means: itself, its synonyms, its equivalent terms. */
function answerWords(answer: string, synonyms: SynonymLexicon): string[] {
  const words = new Set([answer, ...synonyms.synonymsOf(answer)]);
  for (const set of EQUIVALENT) if (set.includes(answer)) for (const w of set) words.add(w);
  return [...words].map(normalizeText).filter((w) => [...w].length >= 2);
}

function oneCharacterApart(a: string, b: string): boolean {
  const x = [...a];
  const y = [...b];
  if (x.length === y.length) return x.filter((c, i) => c !== y[i]).length <= 1;
  const [long, short] = x.length > y.length ? [x, y] : [y, x];
  if (long.length - short.length !== 1) return false;
  return long.some(
    (_, i) => [...long.slice(0, i), ...long.slice(i + 1)].join("") === short.join(""),
  );
}

describe("the seed bank: `quiz generate` on the shipped corpus, every question checked", () => {
  let t: TempKnowledgeBase;
  let chunks: StoredChunk[];
  let matcher: ConductMatcher;
  let report: GenerateReport;
  let questions: QuizQuestion[];
  const synonyms = SynonymLexicon.shipped();
  const quality = defaultTextQuality();

  beforeAll(async () => {
    t = await openTempKnowledgeBase();
    chunks = await allChunks(t.kb.store);
    matcher = t.kb.index.conduct;
    report = generateQuestions(chunks, {
      conduct: matcher,
      kindsOf: (c) => t.kb.index.kinds.tagsOf(c.id),
    });
    questions = report.questions;
  });
  afterAll(() => t.cleanup());

  it("drafts nothing that fails validation, and a clause governs every scene", () => {
    expect(report.invalid.map((x) => `${x.question.stem}: ${x.problems.join("; ")}`)).toEqual([]);
    expect(report.ungoverned).toEqual([]);
  });

  it("holds ≥ 150 scenario / judgment questions, ≥ 3 situations on every kind of conduct, plus the other types", () => {
    expect(questions.filter((q) => JUDGMENT.has(q.origin)).length).toBeGreaterThanOrEqual(150);
    for (const kind of matcher.catalogue.kinds) {
      const situations = questions.filter((q) => q.kind === "scenario" && q.conduct === kind.id);
      expect(situations.length, kind.id).toBeGreaterThanOrEqual(3);
      // Variants differ: another actor, object, amount or setting, never the same stem twice.
      expect(new Set(situations.map((q) => q.stem)).size, kind.id).toBe(situations.length);
    }
    const origins = new Set(questions.map((q) => q.origin));
    for (const o of ["forbidden-choice", "allowed-choice", "cloze", "truefalse", "table-row"])
      expect(origins, o).toContain(o);
  });

  it("proves every situation's and choice's answer by the clause that governs its kind, newest official edition", () => {
    const corpus = new Map(chunks.map((c) => [squash(c.text), c]));
    for (const q of questions.filter((x) => JUDGMENT.has(x.origin))) {
      const where = `${q.origin} ${q.conduct}: ${q.stem}`;
      const chunk = corpus.get(squash(q.source.text));
      expect(chunk, where).toBeDefined();
      expect(chunk?.occurrences[0]?.authority, where).toBe("official");
      const kind = matcher.catalogue.get(q.conduct ?? "");
      expect(kind, where).toBeDefined();
      const tag = tagClause(q.source.text, q.source.section, matcher).find(
        (x) => x.kind === q.conduct,
      );
      expect(tag, where).toBeDefined();
      if (!tag || !kind) continue;
      const right = q.options[q.answer[0] ?? -1] ?? "";
      if (q.origin === "scenario") {
        const named = matcher.match(q.stem).find((m) => m.kind.id === kind.id);
        expect(named?.governed, where).toBe(true);
        const claim = claimedRuling(right);
        if (claim === "duty") expect(kind.stance, where).toBe("info");
        else if (claim === "prohibits" && tag.ruling === "conditions")
          expect(named?.breach, `${where} (a broken condition)`).toBe(true);
        else expect(tag.ruling, where).toBe(claim);
      } else {
        expect(matcher.match(right).find((m) => m.kind.id === kind.id)?.governed, where).toBe(true);
        expect(tag.ruling, where).toBe(
          q.origin === "forbidden-choice" ? "prohibits" : "conditions",
        );
      }
      // The explanation names the rule and quotes its decisive phrase, verbatim.
      expect(q.explanation, where).toContain(`《${q.source.title}》`);
      const quote = quoted(q.explanation) ?? "";
      expect(quote.length, where).toBeGreaterThan(4);
      for (const piece of quote.split(/…+/).filter(Boolean))
        expect(squash(q.source.text), where).toContain(squash(piece));
      // No official clause ruling on the kind the same way is of a newer year.
      const newer = chunks.filter((c) => {
        const o = c.occurrences[0];
        if (o?.authority !== "official" || c.kind === "form") return false;
        if ((o.year ?? 0) <= (q.source.year ?? 0)) return false;
        const same = tagClause(c.text, o.section, matcher).find((x) => x.kind === q.conduct);
        return same?.ruling === tag.ruling && same.strength >= 0.5;
      });
      expect(
        newer.map((c) => c.text.slice(0, 40)),
        where,
      ).toEqual([]);
    }
  });

  it("proves every other answer by its clause's words", () => {
    const corpus = new Set(chunks.map((c) => squash(c.text)));
    for (const q of questions.filter((x) => !JUDGMENT.has(x.origin))) {
      const text = squash(q.source.text);
      if (q.origin === "cloze" || q.origin === "truefalse") expect(corpus.has(text)).toBe(true);
      const correct = q.answer.map((i) => q.options[i] ?? "");
      const wrong = q.options.filter((_, i) => !q.answer.includes(i));
      if (q.stem.includes(BLANK)) {
        for (const c of correct) expect(text).toContain(squash(fill(q.stem, c)));
        for (const w of wrong) expect(text).not.toContain(squash(fill(q.stem, w)));
      } else if (q.kind === "truefalse") {
        expect(text.includes(squash(quoted(q.stem) ?? ""))).toBe(correct[0] === "正确");
      } else {
        for (const c of correct) expect(text).toContain(squash(c));
        for (const w of wrong) expect(text).not.toContain(squash(w));
      }
      expect(q.explanation).toContain(`《${q.source.title}》`);
    }
  });

  it("gives no answer away: neither it nor a synonym is in the stem or the headings", () => {
    for (const q of questions) {
      if (q.kind === "truefalse" || q.kind === "scenario") continue;
      const stem = normalizeText(q.stem.replace(BLANK, "\u0000"));
      const headings = normalizeText(q.source.section);
      for (const i of q.answer) {
        const others = q.options.filter((_, j) => j !== i).map(normalizeText);
        for (const w of answerWords(q.options[i] ?? "", synonyms).filter(
          (x) => !others.includes(x),
        )) {
          expect(stem, `${q.stem} — ${w}`).not.toContain(w);
          expect(headings, `${q.source.section} — ${w}`).not.toContain(w);
        }
      }
    }
  });

  it("shows no scan damage: every stem and option reads clean (text quality ≥ 0.9)", () => {
    for (const q of questions) {
      expect(quality.score(q.stem.replace(BLANK, "")), q.stem).toBeGreaterThanOrEqual(LOW_QUALITY);
      for (const o of q.options) expect(quality.score(o), o).toBeGreaterThanOrEqual(LOW_QUALITY);
      expect(`${q.stem}${q.options.join("")}`).not.toMatch(/钺条|持续推迸|持货搏迸|方方法|销销/);
    }
  });

  it("sets options of one sort and length class side by side, none one character from another", () => {
    for (const q of questions) {
      const lengths = q.options.map((o) => [...o].length);
      expect(Math.max(...lengths), q.stem).toBeLessThanOrEqual(2 * Math.min(...lengths) + 4);
      for (let i = 0; i < q.options.length; i++)
        for (let j = i + 1; j < q.options.length; j++)
          expect(oneCharacterApart(q.options[i] ?? "", q.options[j] ?? ""), q.stem).toBe(false);
      if (q.kind === "scenario") {
        for (const o of q.options)
          expect(o, q.stem).toMatch(/^(可以|不可以|需|须|经|应当|只要|先|事后|不用)/);
        const claim = claimedRuling(q.options[q.answer[0] ?? -1] ?? "");
        expect(claim, q.stem).toBeDefined();
        expect(q.options.filter((o) => claimedRuling(o) === claim).length, q.stem).toBe(1);
      }
    }
  });

  it("quizzes short decisive sentences only: a cloze stem is at most 120 characters and quotes a red line", () => {
    const clozes = questions.filter((q) => q.origin === "cloze");
    expect(clozes.length).toBeGreaterThan(0);
    for (const q of clozes) {
      expect(q.stem.length, q.stem).toBeLessThanOrEqual(120);
      // Its own words draw the line, or it is an item under a list of forbidden conduct.
      const sentence = fill(q.stem, q.options[q.answer[0] ?? 0] ?? "");
      const redLine =
        /严禁|禁止|不得|不准|查处|打击|惩治|严惩|纠治|杜绝|违法违规行为|违规行为|须经|未经/;
      expect(
        redLine.test(sentence) || /整治内容|负面清单|九不准/.test(q.source.section),
        q.stem,
      ).toBe(true);
    }
  });

  it("tags each question with who it is for; task-table facts are for administrators only", () => {
    for (const q of questions) {
      expect(q.audiences?.length, q.stem).toBeGreaterThan(0);
      for (const a of q.audiences ?? []) expect(AUDIENCES).toContain(a);
      expect(q.adminOnly === true, q.stem).toBe(q.origin === "table-row");
    }
    const nursing = questions.filter((q) => q.audiences?.includes("护理"));
    expect(nursing.some((q) => q.conduct === "formula-promotion")).toBe(true);
    expect(nursing.some((q) => q.conduct === "bid-secrets")).toBe(false);
  });

  it("has no two near-duplicates among questions cut from clauses", () => {
    const cut = questions.filter((q) => !JUDGMENT.has(q.origin));
    for (let i = 0; i < cut.length; i++)
      for (let j = i + 1; j < cut.length; j++) {
        const a = cut[i];
        const b = cut[j];
        if (a && b) expect(jaccard(fingerprint(a), fingerprint(b)), a.stem).toBeLessThan(0.6);
      }
  });

  it("is deterministic, stops at a count, and skips what the bank already has", () => {
    const again = generateQuestions(chunks, { conduct: matcher });
    expect(again.questions.map((q) => q.stem)).toEqual(questions.map((q) => q.stem));
    const topUp = generateQuestions(chunks, { conduct: matcher, existing: questions });
    expect(topUp.questions).toHaveLength(0);
    expect(topUp.alreadyInBank).toBe(questions.length);
    const ten = generateQuestions(chunks, { conduct: matcher, count: 10 });
    expect(ten.questions.map((q) => q.stem)).toEqual(questions.slice(0, 10).map((q) => q.stem));
  });
});

describe("a hospital rule a user ingested", () => {
  let t: TempKnowledgeBase;
  beforeAll(async () => {
    t = await openTempKnowledgeBase();
    await t.kb.ingest([`${import.meta.dirname}/../../fixtures/hospital-policy`]);
  });
  afterAll(() => t.cleanup());

  it("gives no question whose answer stands in its heading, and decides no situation (only official rules do)", async () => {
    const chunks = await allChunks(t.kb.store);
    const local = new Set(
      chunks.filter((c) => c.occurrences[0]?.authority !== "official").map((c) => c.id),
    );
    expect(local.size).toBeGreaterThan(0);
    const { questions, invalid } = generateQuestions(chunks, { conduct: t.kb.index.conduct });
    expect(invalid).toEqual([]);
    const synonyms = SynonymLexicon.shipped();
    for (const q of questions.filter((x) => local.has(x.source.chunkId ?? -1))) {
      expect(JUDGMENT.has(q.origin)).toBe(false);
      if (q.kind === "truefalse") continue;
      for (const i of q.answer)
        for (const w of answerWords(q.options[i] ?? "", synonyms))
          expect(normalizeText(q.source.section), q.stem).not.toContain(w);
    }
  });
});
