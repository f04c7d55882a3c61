import type { Answer } from "../../../knowledge/answer/answer-types.js";
import type { Lang } from "../../kernel/i18n.js";
import type { Button, OutMessage, Section } from "../../kernel/out-message.js";

const LABEL: Record<Answer["verdict"], Record<Lang, string>> = {
  prohibited: { zh: "🚫 禁止", en: "🚫 Prohibited" },
  conditional: { zh: "⚠️ 有条件", en: "⚠️ Conditional" },
  info: { zh: "ℹ️ 说明", en: "ℹ️ Info" },
  not_covered: { zh: "❔ 未涉及", en: "❔ Not covered" },
};

/**
 * An answer as a chat message: verdict label, explanation, numbered citations
 * (title, year, section, quoted clause), a "full clause" button per citation
 * and 👍/👎. Button data carries only the answer id and a citation number.
 */
export function answerMessage(answer: Answer & { id: number }, lang: Lang): OutMessage {
  const sections: Section[] = [
    { kind: "title", text: LABEL[answer.verdict][lang] },
    { kind: "text", text: answer.answer },
  ];
  for (const c of answer.citations) {
    const scan = c.scan
      ? lang === "en"
        ? "scanned text, may contain errors"
        : "扫描件，可能有错字"
      : "";
    const where = [`[${c.n}] 《${c.title}》`, c.year ? `${c.year}` : "", c.issuer ?? "", scan]
      .filter(Boolean)
      .join(" · ");
    sections.push({
      kind: "note",
      text: `${where}\n${c.section || (lang === "en" ? "body" : "正文")}`,
    });
    sections.push({ kind: "quote", text: c.text });
    if (c.alsoIn.length > 0) {
      // Other documents that carry the same rule: the edition story on every surface.
      const others = c.alsoIn.map((a) => `《${a.title}》${a.year ? `（${a.year}）` : ""}`);
      sections.push({
        kind: "note",
        text: `${lang === "en" ? "Also in" : "另见"}：${others.join("、")}`,
      });
    }
  }
  const buttons: Button[][] = [];
  const expand = answer.citations
    .filter((c) => c.text !== c.fullText)
    .map((c) => ({
      label: `${lang === "en" ? "Full" : "全文"} [${c.n}]`,
      data: `full:${answer.id}:${c.n}`,
    }));
  if (expand.length > 0) buttons.push(expand);
  buttons.push([
    { label: "👍", data: `fb:u:${answer.id}` },
    { label: "👎", data: `fb:d:${answer.id}` },
  ]);
  return { sections, buttons };
}
