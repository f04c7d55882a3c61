import { readFile } from "node:fs/promises";
import { type EvalOutcome, evalMetrics, parseEvalFile } from "../../knowledge/eval/eval-metrics.js";
import { type CommandContext, openReady } from "./context.js";

/** `qingfeng eval <file.jsonl> [--json]`: retrieval and verdict quality on a question set. */
export async function evalCommand(
  ctx: CommandContext,
  file: string | undefined,
  json: boolean,
): Promise<number> {
  if (!file) {
    ctx.io.err("Usage: qingfeng eval <questions.jsonl> [--json]");
    return 2;
  }
  const questions = parseEvalFile(await readFile(file, "utf8"), file);
  const app = await openReady(ctx);
  const { kb } = app;
  try {
    const outcomes: EvalOutcome[] = [];
    const results = [];
    for (const question of questions) {
      const answer = await app.answerer.answer(question.q);
      const ranked = (await kb.retriever.search(question.q, 10)).hits.map((h) => h.text);
      outcomes.push({ question, verdict: answer.verdict, ranked });
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
      ctx.io.out(
        Object.entries(metrics)
          .map(([k, v]) => `${k}: ${v}`)
          .join("  "),
      );
    }
    return 0;
  } finally {
    app.close();
  }
}
