import { hanOnly } from "../../lib/text/sentences.js";
import { QingfengError } from "../errors.js";

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
  /** The answer's citations in order (what the user sees; what the figures score). */
  cited: string[];
  /** The retriever's ranked clauses (retrieval-only figures, labelled as such). */
  ranked: string[];
}

/** Hit rates and MRR over one ranking. */
export interface RankFigures {
  "hit@1": number;
  "hit@3": number;
  "hit@5": number;
  "mrr@10": number;
}

export type VerdictLabel = "prohibited" | "conditional" | "info" | "not_covered";

export interface EvalMetrics extends RankFigures {
  /** Share of out-of-scope questions answered 未涉及 with nothing cited. */
  abstention: number;
  /** Of the questions answered 未涉及, the share that were out of scope. */
  abstentionPrecision: number;
  /** Of the out-of-scope questions, the share answered 未涉及 (= abstention). */
  abstentionRecall: number;
  verdictAccuracy: number;
  /** Prohibited conduct answered as allowed under conditions: the harmful mistake. */
  danger: number;
  /** expected → answered → count. */
  confusion: Record<VerdictLabel, Record<VerdictLabel, number>>;
  /** The same figures over the retriever's list, before the answer chose what to cite. */
  retrieval: RankFigures;
}

/** Citations longer than this never count as a hit (clause-size citations only). */
export const MAX_CITATION_CHARS = 600;

const LABELS: VerdictLabel[] = ["prohibited", "conditional", "info", "not_covered"];

/** 1-based rank of the first text holding an expected passage (Han characters only), or 0. */
export function firstHitRank(ranked: string[], expect: string[]): number {
  const wanted = expect.map(hanOnly).filter((e) => e.length > 0);
  const index = ranked.findIndex(
    (text) => text.length <= MAX_CITATION_CHARS && wanted.some((e) => hanOnly(text).includes(e)),
  );
  return index + 1;
}

/**
 * The figures of ../shared/eval/score.py: hits are counted on the answer's
 * citations (a covered question answered 未涉及 is a miss), abstention needs
 * 未涉及 with nothing cited.
 */
export function evalMetrics(outcomes: EvalOutcome[]): EvalMetrics {
  const covered = outcomes.filter((o) => o.question.verdict !== "out_of_scope");
  const outOfScope = outcomes.filter((o) => o.question.verdict === "out_of_scope");
  const share = (n: number, of: number) => (of === 0 ? 0 : round(n / of));
  const abstained = (o: EvalOutcome) => o.verdict === "not_covered" && o.cited.length === 0;
  const expected = (o: EvalOutcome): VerdictLabel =>
    o.question.verdict === "out_of_scope" ? "not_covered" : o.question.verdict;
  const confusion = Object.fromEntries(
    LABELS.map((want) => [want, Object.fromEntries(LABELS.map((got) => [got, 0]))]),
  ) as EvalMetrics["confusion"];
  for (const o of outcomes) {
    const row = confusion[expected(o)];
    const got = o.verdict as VerdictLabel;
    if (row && got in row) row[got] += 1;
  }
  const abstentions = outcomes.filter(abstained);
  return {
    ...rankFigures(
      covered.map((o) => firstHitRank(o.cited, o.question.expect)),
      covered.length,
    ),
    abstention: share(outOfScope.filter(abstained).length, outOfScope.length),
    abstentionPrecision: share(
      abstentions.filter((o) => o.question.verdict === "out_of_scope").length,
      abstentions.length,
    ),
    abstentionRecall: share(outOfScope.filter(abstained).length, outOfScope.length),
    verdictAccuracy: share(
      outcomes.filter((o) => o.verdict === expected(o)).length,
      outcomes.length,
    ),
    danger: covered.filter(
      (o) => o.question.verdict === "prohibited" && o.verdict === "conditional",
    ).length,
    confusion,
    retrieval: rankFigures(
      covered.map((o) => firstHitRank(o.ranked, o.question.expect)),
      covered.length,
    ),
  };
}

function rankFigures(ranks: number[], of: number): RankFigures {
  const share = (n: number) => (of === 0 ? 0 : round(n / of));
  const within = (k: number) => share(ranks.filter((r) => r > 0 && r <= k).length);
  const mrr = ranks.reduce((sum, r) => sum + (r > 0 && r <= 10 ? 1 / r : 0), 0);
  return { "hit@1": within(1), "hit@3": within(3), "hit@5": within(5), "mrr@10": share(mrr) };
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
        throw new QingfengError("BAD_INPUT", `${file}:${no}: not valid JSON (${String(cause)})`, {
          hint: "One JSON object a line; see tests/eval/README.md.",
        });
      }
      const q = value as Partial<EvalQuestion>;
      if (typeof q.id !== "string" || typeof q.q !== "string" || !Array.isArray(q.expect)) {
        throw new QingfengError(
          "BAD_INPUT",
          `${file}:${no}: each line needs "id", "q" and "expect" (see tests/eval/README.md)`,
        );
      }
      return { id: q.id, q: q.q, expect: q.expect, verdict: q.verdict ?? "info" } as EvalQuestion;
    });
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
