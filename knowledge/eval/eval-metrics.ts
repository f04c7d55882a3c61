import { hanOnly } from "../../ingest/structure/sentences.js";

/** One question of an eval file (the format of tests/eval/README.md). */
export interface EvalQuestion {
  id: string;
  q: string;
  expect: string[];
  verdict: "prohibited" | "conditional" | "info" | "out_of_scope";
}

export interface EvalOutcome {
  question: EvalQuestion;
  verdict: string;
  /** Retrieved clause texts in rank order (what hit@k and MRR are measured on). */
  ranked: string[];
}

export interface EvalMetrics {
  "hit@1": number;
  "hit@3": number;
  "hit@5": number;
  "mrr@10": number;
  abstention: number;
  verdictAccuracy: number;
}

/** Citations longer than this never count as a hit (clause-size citations only). */
export const MAX_CITATION_CHARS = 600;

/** 1-based rank of the first text holding an expected passage (Han characters only), or 0. */
export function firstHitRank(ranked: string[], expect: string[]): number {
  const wanted = expect.map(hanOnly).filter((e) => e.length > 0);
  const index = ranked.findIndex(
    (text) => text.length <= MAX_CITATION_CHARS && wanted.some((e) => hanOnly(text).includes(e)),
  );
  return index + 1;
}

export function evalMetrics(outcomes: EvalOutcome[]): EvalMetrics {
  const covered = outcomes.filter((o) => o.question.verdict !== "out_of_scope");
  const outOfScope = outcomes.filter((o) => o.question.verdict === "out_of_scope");
  const ranks = covered.map((o) => firstHitRank(o.ranked, o.question.expect));
  const share = (n: number, of: number) => (of === 0 ? 0 : round(n / of));
  const within = (k: number) => share(ranks.filter((r) => r > 0 && r <= k).length, covered.length);
  const mrr = ranks.reduce((sum, r) => sum + (r > 0 && r <= 10 ? 1 / r : 0), 0);
  const expected = (o: EvalOutcome) =>
    o.question.verdict === "out_of_scope" ? "not_covered" : o.question.verdict;
  return {
    "hit@1": within(1),
    "hit@3": within(3),
    "hit@5": within(5),
    "mrr@10": share(mrr, covered.length),
    abstention: share(
      outOfScope.filter((o) => o.verdict === "not_covered").length,
      outOfScope.length,
    ),
    verdictAccuracy: share(
      outcomes.filter((o) => o.verdict === expected(o)).length,
      outcomes.length,
    ),
  };
}

export function parseEvalFile(text: string, file: string): EvalQuestion[] {
  return text
    .split(/\r?\n/)
    .map((line, i) => ({ line: line.trim(), no: i + 1 }))
    .filter(({ line }) => line !== "")
    .map(({ line, no }) => {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (cause) {
        throw new Error(`${file}:${no}: not valid JSON (${String(cause)})`);
      }
      const q = value as Partial<EvalQuestion>;
      if (typeof q.id !== "string" || typeof q.q !== "string" || !Array.isArray(q.expect)) {
        throw new Error(
          `${file}:${no}: each line needs "id", "q" and "expect" (see tests/eval/README.md)`,
        );
      }
      return { id: q.id, q: q.q, expect: q.expect, verdict: q.verdict ?? "info" } as EvalQuestion;
    });
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
