import type { Citation, Verdict } from "./answer-types.js";

/** Plain-language explanation of an offline answer, quoting the decisive clause. */
export function explain(input: {
  verdict: Verdict;
  language: "zh" | "en";
  decisive?: { citation: Citation; sentence: string } | undefined;
  contact: string;
}): string {
  const { verdict, language, decisive, contact } = input;
  if (verdict === "not_covered" || !decisive) {
    return language === "en"
      ? `The indexed policy documents do not cover this question, so Qingfeng will not guess. Please ask ${contact}.`
      : `现有制度文件中没有找到直接回答这个问题的条款，清风不作推测。请咨询${contact}。`;
  }
  const { citation, sentence } = decisive;
  const source = `《${citation.title}》${citation.year ? `（${citation.year}年）` : ""}`;
  const quote = `“${sentence}”[${citation.n}]`;
  if (language === "en") {
    const lead = {
      prohibited: "No — the rules forbid this.",
      conditional: "Only under conditions set by the rules.",
      info: "Here is what the rules say.",
    }[verdict];
    return `${lead} ${source} states: ${quote}`;
  }
  switch (verdict) {
    case "prohibited":
      return `不可以，这是明令禁止、严肃查处的行为。${source}规定：${quote}`;
    case "conditional":
      return `有条件：只有符合条款规定的条件才可以。${source}规定：${quote}`;
    default:
      return `${source}相关规定：${quote}`;
  }
}
