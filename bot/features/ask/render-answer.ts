import type { Answer } from "../../../knowledge/answer/answer-types.js";
import { verdictLabel } from "./answer-message.js";
import { answerView } from "./answer-view.js";
import { fullClauseText, referenceLine } from "./citation-reference.js";
import { t } from "./strings.js";

/** The `ask --json` contract: stable field names other work builds on. */
export function answerJson(answer: Answer) {
  return {
    question: answer.question,
    verdict: answer.verdict,
    answer: answer.answer,
    citations: answer.citations.map((c) => ({
      n: c.n,
      chunkId: c.chunkId,
      docId: c.docId,
      title: c.title,
      year: c.year ?? null,
      issuer: c.issuer ?? null,
      section: c.section,
      text: c.text,
      fullText: c.fullText,
      source: c.source,
      score: Number(c.score.toFixed(6)),
      alsoIn: c.alsoIn,
    })),
    mode: answer.mode,
    ...(answer.fallbackReason ? { fallbackReason: answer.fallbackReason } : {}),
  };
}

/**
 * A readable answer for a person at a terminal, in the order a chat reply
 * has it: verdict and plain sentences, the decisive phrase and its clause,
 * notes, the further clauses in a line each — then, since a terminal has no
 * buttons, the shown clauses in full.
 */
export function answerText(answer: Answer): string {
  const lang = answer.language;
  const view = answerView(answer);
  const lines = [verdictLabel(answer.verdict, lang), view.lead];
  const { decisive } = view;
  if (decisive) {
    lines.push(`    │ ${decisive.phrase}`, `  ${referenceLine(decisive.citation, 1, lang)}`);
  }
  for (const note of view.notes) lines.push(`  ${note}`);
  if (view.further.length > 0) {
    lines.push(`  ${t("furtherRules", lang)}`);
    for (const c of view.further) lines.push(`  ${referenceLine(c, view.numberOf(c), lang)}`);
  }
  const shown = decisive ? [decisive.citation, ...view.further] : view.further;
  for (const c of shown) {
    if (c === decisive?.citation && decisive.phrase === c.fullText) continue;
    const [where = "", section = "", ...rest] = fullClauseText(c, lang).split("\n");
    lines.push("", `${t("fullClause", lang)} [${view.numberOf(c)}] ${where}`, `    ${section}`);
    lines.push(...rest.map((line) => `    │ ${line}`));
  }
  return lines.join("\n");
}
