import type { Citation, Verdict } from "./answer-types.js";

/** Plain-language explanation of an offline answer, quoting the decisive clause. */
export function explain(input: {
  verdict: Verdict;
  language: "zh" | "en";
  decisive?: { citation: Citation; sentence: string } | undefined;
  contact: string;
  /** Whether the question asked for permission ("可以…吗？"): only then does the answer open with 不可以 / 可以. */
  permission?: boolean;
}): string {
  const { verdict, language, decisive, contact, permission = true } = input;
  if (verdict === "not_covered" || !decisive) {
    return language === "en"
      ? `The indexed policy documents do not cover this question, so Qingfeng will not guess. Please ask ${contact}.`
      : `现有制度文件中没有找到直接回答这个问题的条款，清风不作推测。请咨询${contact}。`;
  }
  const { citation, sentence } = decisive;
  const source = `《${citation.title}》${citation.year ? `（${citation.year}年）` : ""}`;
  const quote = `“${sentence}”[${citation.n}]`;
  const edition = citation.olderEditionOnly ? editionNote(citation.year, language) : "";
  if (language === "en") {
    const lead = {
      prohibited: permission ? "No — the rules forbid this." : "The rules forbid this conduct.",
      conditional: permission
        ? "Only under conditions set by the rules."
        : "The rules allow this only under conditions.",
      info: "Here is what the rules say.",
    }[verdict];
    return `${lead} ${source} states: ${quote}${edition}`;
  }
  switch (verdict) {
    case "prohibited":
      return `${permission ? "不可以，" : ""}这是明令禁止、严肃查处的行为。${source}规定：${quote}${edition}`;
    case "conditional":
      return `${permission ? "有条件：" : ""}只有符合条款规定的条件才可以。${source}规定：${quote}${edition}`;
    default:
      return `${source}相关规定：${quote}${edition}`;
  }
}

function editionNote(year: number | undefined, language: "zh" | "en"): string {
  return language === "en"
    ? ` (Note: this clause is from the ${year ?? "older"} edition; newer documents do not repeat it.)`
    : `（注：该条款见于${year ?? "较早"}年的文件，较新的文件未见相同表述，请留意是否仍然适用。）`;
}
