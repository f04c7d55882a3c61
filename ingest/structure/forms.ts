import { looksLikeForm } from "../../lib/text/form-text.js";

/**
 * Blank forms and registers (自查登记表 with 填报时间, 填表人(签字), 序号 … 金额(万元))
 * and signature blocks are not clauses: they name conduct as row labels
 * without ruling on it. The notes under a form often do rule
 * ("注：…2、无违规情况也要实行零报告"), so they are kept apart as a clause.
 */
export interface FormParts {
  /** Text before the form (the end of the annex or clause it was run into). */
  before: string;
  /** The form's own title when the text gives one ("…自查登记表"). */
  title?: string | undefined;
  /** The form itself: title, fields and rows, verbatim. */
  form: string;
  /** "注：…" under the form, verbatim, when there is one. */
  notes?: string | undefined;
}

/** The first field of a form: where its blanks begin. */
const FIELD =
  /填报时间|填表人|填报人|[(（](?:签字|签名|公章|盖章)[)）]|单位名称|科室名称|所在单位|序号(?=\S{0,6}(?:违规|项目|姓名|名称|内容|人数|金额|数值))/;
const SENTENCE_END = /[。；;！？!?]|(?<=\p{Script=Han})\.(?!\d)/gu;

/** Splits a block holding a blank form into what precedes it, the form, and its notes. */
export function splitForm(text: string): FormParts | undefined {
  if (!looksLikeForm(text)) return undefined;
  const field = FIELD.exec(text);
  if (!field) return undefined;
  let start = 0;
  for (const m of text.slice(0, field.index).matchAll(SENTENCE_END))
    start = (m.index ?? 0) + m[0].length;
  const lead = text.slice(start, field.index);
  const title = /^\s*([^：:]{2,40}?(?:表|单|册|卡))\s*$/.exec(lead)?.[1];
  // Without a title right before its first field, the form starts at that field.
  const formStart = title ? start : field.index;
  const notesAt = text.slice(formStart).search(/注[:：]/);
  const formEnd = notesAt >= 0 ? formStart + notesAt : text.length;
  const notes = notesAt >= 0 ? text.slice(formEnd).trim() : undefined;
  return {
    before: text.slice(0, formStart).trim(),
    title,
    form: text.slice(formStart, formEnd).trim(),
    notes: notes && notes.length > 0 ? notes : undefined,
  };
}

/**
 * A signature or sign-off block: who signs or seals, and when, with blanks
 * ("科室负责人（签字）：　　日期：", "（盖章）"). Short, and no sentence in it.
 */
export function isSignatureBlock(text: string): boolean {
  if (text.length > 80 || /[。；;！？]/.test(text)) return false;
  return (
    /签字|签名|盖章|公章|签章/.test(text) && /[：:]|[(（](?:签字|签名|盖章|公章)[)）]/.test(text)
  );
}
