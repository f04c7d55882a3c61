import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  fingerprint,
  generateQuestions,
  jaccard,
} from "../../../knowledge/quiz/generate-questions.js";
import type { QuizQuestion } from "../../../knowledge/quiz/question-types.js";
import { equivalent } from "../../../knowledge/quiz/quiz-terms.js";
import {
  BLANK,
  fill,
  quoted,
  validateQuestion,
} from "../../../knowledge/quiz/validate-question.js";
import type { StoredChunk } from "../../../knowledge/types.js";
import { openTempKnowledgeBase, type TempKnowledgeBase } from "../../helpers/temp-kb.js";

const squash = (t: string) => t.replace(/\s+/g, "");

describe("question bank generated offline from the seed corpus", () => {
  let t: TempKnowledgeBase;
  let chunks: StoredChunk[];
  let questions: QuizQuestion[];
  beforeAll(async () => {
    t = await openTempKnowledgeBase();
    chunks = [...t.kb.store.eachChunk()].flat();
    const report = generateQuestions(chunks);
    questions = report.questions;
    expect(report.invalid).toEqual([]);
  });
  afterAll(() => t.cleanup());

  it("yields at least 150 questions of every kind, each passing validation", () => {
    expect(questions.length).toBeGreaterThanOrEqual(150);
    const kinds = new Set(questions.map((q) => q.kind));
    expect([...kinds].sort()).toEqual(["multiple", "scenario", "single", "truefalse"]);
    for (const q of questions) expect(validateQuestion(q)).toEqual([]);
  });

  it("every correct answer is supported by the source clause, which really is in the corpus", () => {
    const corpus = new Set(chunks.map((c) => squash(c.text)));
    for (const q of questions) {
      const text = squash(q.source.text);
      // Rows and lists quote their clauses inside the source text; the rest are whole clauses.
      if (q.origin === "cloze" || q.origin === "truefalse" || q.origin === "scenario")
        expect(corpus.has(text)).toBe(true);
      const correct = q.answer.map((i) => q.options[i] ?? "");
      if (q.stem.includes(BLANK))
        for (const c of correct) expect(text).toContain(squash(fill(q.stem, c)));
      else if (q.kind === "truefalse") {
        const statement = squash(quoted(q.stem) ?? "");
        expect(text.includes(statement)).toBe(correct[0] === "正确");
      } else if (q.kind !== "scenario") for (const c of correct) expect(text).toContain(squash(c));
      expect(q.explanation).toContain(`《${q.source.title}》`);
    }
  });

  it("no distractor is supported by the clause, nor a synonym of the answer", () => {
    for (const q of questions) {
      const text = squash(q.source.text);
      const wrong = q.options.filter((_, i) => !q.answer.includes(i));
      if (q.stem.includes(BLANK)) {
        for (const w of wrong) expect(text).not.toContain(squash(fill(q.stem, w)));
        for (const w of wrong) expect(equivalent(w, q.options[q.answer[0] ?? 0] ?? "")).toBe(false);
      } else if (q.kind === "single" || q.kind === "multiple")
        for (const w of wrong) expect(text).not.toContain(squash(w));
    }
  });

  it("has no two near-duplicate questions of a kind", () => {
    for (let i = 0; i < questions.length; i++)
      for (let j = i + 1; j < questions.length; j++) {
        const a = questions[i];
        const b = questions[j];
        if (!a || !b) continue;
        expect(jaccard(fingerprint(a), fingerprint(b))).toBeLessThan(0.6);
      }
  });

  it("is deterministic, and skips what the bank already has", () => {
    const again = generateQuestions(chunks);
    expect(again.questions.map((q) => q.stem)).toEqual(questions.map((q) => q.stem));
    const topUp = generateQuestions(chunks, { existing: questions });
    expect(topUp.questions).toHaveLength(0);
    expect(generateQuestions(chunks, { count: 10 }).questions).toHaveLength(10);
  });

  it("the validator rejects a wrong answer key, a supported distractor and broken shapes", () => {
    const cloze = questions.find((q) => q.origin === "cloze");
    const tf = questions.find((q) => q.kind === "truefalse");
    expect(cloze && tf).toBeTruthy();
    if (!cloze || !tf) return;
    const wrongKey = { ...cloze, answer: [(cloze.answer[0] ?? 0) === 0 ? 1 : 0] };
    expect(validateQuestion(wrongKey).join()).toMatch(/not what the clause says/);
    const flipped = { ...tf, answer: [tf.answer[0] === 0 ? 1 : 0] };
    expect(validateQuestion(flipped)).not.toEqual([]);
    const supported = {
      ...cloze,
      options: cloze.options.map((o, i) => (cloze.answer.includes(i) ? o : o)),
      answer: [] as number[],
    };
    expect(validateQuestion(supported).join()).toMatch(/answer indexes/);
    expect(
      validateQuestion({
        ...cloze,
        options: [cloze.options[0] ?? "", cloze.options[0] ?? ""],
      }).join(),
    ).toMatch(/duplicate/);
    const longOption = { ...cloze, options: cloze.options.map((o) => o.repeat(30)) };
    expect(validateQuestion(longOption).join()).toMatch(/1–100 characters/);
    const scenario = questions.find((q) => q.kind === "scenario");
    if (scenario)
      expect(
        validateQuestion({
          ...scenario,
          source: { ...scenario.source, text: "加强组织领导，做好宣传。", section: "三、工作要求" },
        }).join(),
      ).toMatch(/forbid/);
  });
});
