import { readFile } from "node:fs/promises";
import {
  type EvalMetrics,
  type EvalOutcome,
  evalMetrics,
  parseEvalFile,
} from "../../../knowledge/eval/eval-metrics.js";
import { type CommandSpec, parseCommand } from "../../../lib/cli-args.js";
import { type CommandContext, openReady } from "../../app/cli/context.js";

const EVAL = {
  name: "eval",
  usage: "eval <questions.jsonl> [--json]",
  summary:
    'Answer quality on a question set: hit@k and MRR of the cited clauses, verdict accuracy,\nabstention. One JSON object a line: {"id", "q", "expect": [clause text…], "verdict"}.',
  options: { json: { type: "boolean", help: "print {metrics, results} as JSON" } },
  positionals: { min: 1, max: 1 },
  example: "eval tests/eval/staff.jsonl",
} satisfies CommandSpec;

/** `qingfeng eval <file.jsonl> [--json]`: retrieval and verdict quality on a question set. */
export async function evalCommand(ctx: CommandContext, args: string[]): Promise<number> {
  const { values, positionals } = parseCommand(args, EVAL);
  const [file = ""] = positionals;
  const json = values.json === true;
  const questions = parseEvalFile(await readFile(file, "utf8"), file);
  const app = await openReady(ctx);
  const { kb } = app;
  try {
    const outcomes: EvalOutcome[] = [];
    const results = [];
    for (const question of questions) {
      const answer = await app.answerer.answer(question.q);
      const ranked = (await kb.retriever.search(question.q, 10)).hits.map((h) => h.text);
      const cited = answer.citations.map((c) => c.fullText);
      outcomes.push({ question, verdict: answer.verdict, cited, ranked });
      results.push({
        id: question.id,
        question: question.q,
        expected: question.verdict,
        verdict: answer.verdict,
        citations: answer.citations.map((c) => ({
          text: c.fullText,
          title: c.title,
          year: c.year ?? null,
          section: c.section,
        })),
        ranked: ranked.map((text) => ({ text })),
      });
    }
    const metrics = evalMetrics(outcomes);
    if (json) {
      ctx.io.out(JSON.stringify({ metrics, results }, null, 2));
    } else {
      for (const r of results) {
        const mark =
          r.verdict === (r.expected === "out_of_scope" ? "not_covered" : r.expected) ? "✓" : "✗";
        ctx.io.out(`${mark} ${r.id} ${r.verdict.padEnd(12)} ${r.question}`);
      }
      for (const line of summary(metrics)) ctx.io.out(line);
    }
    return 0;
  } finally {
    app.close();
  }
}

/** The figures as a reader wants them: what users see first, the retriever's list labelled. */
function summary(m: EvalMetrics): string[] {
  const rank = (f: EvalMetrics["retrieval"]) =>
    `hit@1 ${f["hit@1"]}  hit@3 ${f["hit@3"]}  hit@5 ${f["hit@5"]}  MRR@10 ${f["mrr@10"]}`;
  const labels = ["prohibited", "conditional", "info", "not_covered"] as const;
  const lines = [
    `cited clauses:     ${rank(m)}`,
    `verdict accuracy:  ${m.verdictAccuracy}   danger (prohibited answered conditional): ${m.danger}`,
    `abstention:        recall ${m.abstentionRecall}  precision ${m.abstentionPrecision}`,
    `retrieval only:    ${rank(m.retrieval)}   (the retriever's list, not what is cited)`,
    "verdicts (expected → answered):",
    `  ${"".padEnd(12)}${labels.map((l) => l.padStart(12)).join("")}`,
  ];
  for (const want of labels) {
    const row = m.confusion[want];
    lines.push(
      `  ${want.padEnd(12)}${labels.map((got) => String(row[got]).padStart(12)).join("")}`,
    );
  }
  return lines;
}
