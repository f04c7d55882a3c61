import type { Answer } from "../../../knowledge/answer/answer-types.js";
import type { Lang } from "../../kernel/i18n.js";
import type { OutMessage, Section } from "../../kernel/out-message.js";
import { answerView } from "./answer-view.js";
import { fullClauseText, referenceLine } from "./citation-reference.js";
import { t } from "./strings.js";

const LABEL: Record<Answer["verdict"], Record<Lang, string>> = {
  prohibited: { zh: "🚫 禁止", en: "🚫 Prohibited" },
  conditional: { zh: "⚠️ 有条件", en: "⚠️ Conditional" },
  info: { zh: "ℹ️ 说明", en: "ℹ️ Info" },
  not_covered: { zh: "❔ 未涉及", en: "❔ Not covered" },
};

/** The verdict as a reply's first line, with its sign. */
export function verdictLabel(verdict: Answer["verdict"], lang: Lang): string {
  return LABEL[verdict][lang];
}

/**
 * An answer as a chat message that fits a phone screen: the verdict; one or
 * two plain sentences; the decisive phrase quoted, with the document, year and
 * article it comes from; notes; "依据" and the further clauses one line each —
 * only clauses that rule on the asked conduct. Every shown clause's full text
 * comes last, collapsed (folded, or behind its 全文 button where nothing
 * folds), then 👍/👎. Button data carries only the answer id and a citation number.
 */
export function answerMessage(answer: Answer & { id: number }, lang: Lang): OutMessage {
  const view = answerView(answer);
  const sections: Section[] = [
    { kind: "title", text: LABEL[answer.verdict][lang] },
    { kind: "text", text: view.lead },
  ];
  const { decisive } = view;
  if (decisive) {
    sections.push({ kind: "quote", text: decisive.phrase });
    sections.push({ kind: "note", text: referenceLine(decisive.citation, 1, lang) });
  }
  if (view.notes.length > 0) sections.push({ kind: "note", text: view.notes.join("\n") });
  if (view.further.length > 0) {
    const lines = view.further.map((c) => referenceLine(c, view.numberOf(c), lang));
    sections.push({ kind: "note", text: [t("furtherRules", lang), ...lines].join("\n") });
  }
  const shown = decisive ? [decisive.citation, ...view.further] : view.further;
  for (const c of shown) {
    // A short clause quoted whole needs no 全文.
    if (c === decisive?.citation && decisive.phrase === c.fullText) continue;
    const label = `${t("fullClause", lang)} [${view.numberOf(c)}]`;
    sections.push({
      kind: "collapsed",
      label,
      text: fullClauseText(c, lang),
      open: { label, data: `full:${answer.id}:${c.n}` },
    });
  }
  return {
    sections,
    buttons: [
      [
        { label: "👍", data: `fb:u:${answer.id}` },
        { label: "👎", data: `fb:d:${answer.id}` },
      ],
    ],
  };
}
