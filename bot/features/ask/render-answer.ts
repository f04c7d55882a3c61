import type { Answer } from "../../../knowledge/answer/answer-types.js";

const LABEL = {
  prohibited: "🚫 禁止",
  conditional: "⚠️ 有条件",
  info: "ℹ️ 说明",
  not_covered: "❔ 未涉及",
} as const;

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

/** A readable answer for a person at a terminal. */
export function answerText(answer: Answer): string {
  const lines = [`${LABEL[answer.verdict]}  ${answer.answer}`];
  for (const c of answer.citations) {
    const where = [
      c.title,
      c.year ? `${c.year}年` : "",
      c.issuer ?? "",
      c.scan ? "扫描件，可能有错字" : "",
    ]
      .filter(Boolean)
      .join(" · ");
    lines.push(
      "",
      `[${c.n}] ${where}`,
      `    ${c.section || "正文"}`,
      `    ${c.text.replace(/\n/g, "\n    ")}`,
    );
    if (c.alsoIn.length > 0) {
      lines.push(
        `    另见：${c.alsoIn.map((a) => `《${a.title}》${a.year ? `（${a.year}）` : ""}`).join("、")}`,
      );
    }
  }
  return lines.join("\n");
}
