import type { Verdict } from "./answer-types.js";

/**
 * What an answer's own words say, read from its first sentence the way staff
 * read it: 不可以 / 禁止 / 不得 say no; 可以但须 / 经批准 / 需报备 say yes under
 * conditions; a bare 可以 says yes; 未涉及 / 没有规定 say the rules are silent.
 * A pinned answer must not be shown under a verdict its text contradicts
 * (❔ 未涉及 above "不可以。…").
 */
export type TextStance = "prohibited" | "conditional" | "allowed" | "not_covered";

const NOT_COVERED =
  /未涉及|没有(?:相关|明确|具体)?(?:规定|条款)|未作(?:明确)?规定|无(?:相关|明确)规定|not covered|no rule/i;
/** Conditions come first: 可以，但不得… and 未经批准不得… are conditions, not bans. */
const CONDITIONAL =
  /可以[^。；;]{0,3}但|需(?:要)?经|须经|应(?:当)?经|经[^，。；]{0,12}(?:批准|同意|审批|备案)|(?:需|须|应当?)(?:要)?(?:报备|备案|报告|审批|登记)|报备后|备案后|批准后|前提下|符合[^，。；]{0,10}条件|除非|yes,? but|only (?:with|after|if|when)|with (?:prior )?approval|provided that/i;
const PROHIBITED =
  /不可以|不能|不得|不行|不允许|不准|不应|禁止|严禁|违规|违反|\bno\b|not allowed|not permitted|prohibited|forbidden|must not|may not|cannot/i;
const ALLOWED = /^(?:可以|允许|能|行)|^yes\b|\bis allowed\b|\bmay\b/i;

export function textStance(answer: string): TextStance | undefined {
  const lead = leadSentence(answer);
  if (NOT_COVERED.test(lead)) return "not_covered";
  if (CONDITIONAL.test(lead)) return "conditional";
  if (PROHIBITED.test(lead)) return "prohibited";
  if (ALLOWED.test(lead)) return "allowed";
  return undefined;
}

/** The verdicts a stance may be shown under (no verdict means "allowed": ⚠️ is allowed within the rules). */
export const VERDICTS_FOR_STANCE: Record<TextStance, readonly Verdict[]> = {
  prohibited: ["prohibited"],
  conditional: ["conditional"],
  allowed: ["conditional", "info"],
  not_covered: ["not_covered"],
};

/** The verdict an answer's text states, when it states one. */
export function inferVerdict(answer: string): Verdict | undefined {
  const stance = textStance(answer);
  return stance === undefined ? undefined : VERDICTS_FOR_STANCE[stance][0];
}

function leadSentence(text: string): string {
  const trimmed = text.trim();
  // A short first sentence ("不可以。") is the verdict; the reasons follow.
  return trimmed.split(/[。！!？?；;\n]|\.(?:\s|$)/)[0]?.trim() ?? trimmed;
}
