import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Answerer } from "../../knowledge/answer/answer-service.js";
import type { Answer } from "../../knowledge/answer/answer-types.js";
import {
  type EvalMetrics,
  type EvalOutcome,
  type EvalQuestion,
  evalMetrics,
  parseEvalFile,
} from "../../knowledge/eval/eval-metrics.js";
import type { TempKnowledgeBase } from "./temp-kb.js";

/**
 * Answers every question of tests/eval/<name> and scores what users see —
 * the answer's citations and verdict — as `qingfeng eval` and score.py do.
 */
export async function runEvalFile(
  answerer: Answerer,
  t: TempKnowledgeBase,
  name: string,
): Promise<{ metrics: EvalMetrics; answers: { question: EvalQuestion; answer: Answer }[] }> {
  const file = fileURLToPath(new URL(`../eval/${name}`, import.meta.url));
  const outcomes: EvalOutcome[] = [];
  const answers: { question: EvalQuestion; answer: Answer }[] = [];
  for (const question of parseEvalFile(readFileSync(file, "utf8"), file)) {
    const answer = await answerer.answer(question.q);
    const cited = answer.citations.map((c) => c.fullText);
    const ranked = (await t.kb.retriever.search(question.q, 10)).hits.map((h) => h.text);
    outcomes.push({ question, verdict: answer.verdict, cited, ranked });
    answers.push({ question, answer });
  }
  return { metrics: evalMetrics(outcomes), answers };
}
