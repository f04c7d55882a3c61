import type { ClauseRuling } from "../types.js";

/**
 * The plain verdict an option gives: 不可以 (no), 需经…后才可以 (cond), 应当…
 * (duty), 可以 / 只要…就可以 (yes). Scenario options open with one, so a
 * learner chooses between rulings, not between wordings.
 */
export type VerdictClass = "no" | "cond" | "duty" | "yes";

const OPENINGS: [VerdictClass, RegExp][] = [
  // 不用 / 不必 allow leaving something undone: a yes, though they open with 不.
  ["yes", /^(可以|只要|先|事后|没关系|无需|不用|不必|随便|随时)/],
  ["no", /^(不可以|不能|不行|不得|不应|不该|不允许)/],
  ["cond", /^(需|须|经|只有|必须先|应先经)/],
  ["duty", /^(应当|应该|应|要|必须)/],
];

/** The verdict an option opens with, or undefined when it gives none. */
export function verdictClass(option: string): VerdictClass | undefined {
  const text = option.trim();
  return OPENINGS.find(([, re]) => re.test(text))?.[0];
}

/**
 * Whether the governing clause's ruling on the kind proves an answer of this
 * class: a prohibition proves 不可以 (so does a condition the situation breaks,
 * "未经备案的人员不得…"), a condition 需经…, a permission 可以. Duties are
 * proved by the clause's own words, checked separately.
 */
export function rulingProves(
  verdict: VerdictClass,
  ruling: ClauseRuling,
  situationBreaksCondition: boolean,
): boolean {
  if (verdict === "no")
    return ruling === "prohibits" || (ruling === "conditions" && situationBreaksCondition);
  if (verdict === "cond") return ruling === "conditions";
  if (verdict === "yes") return ruling === "permits";
  return true;
}
