/**
 * Text that talks to the model instead of stating a rule. Policy documents
 * never say "忽略以上规则" or "ignore previous instructions"; a clause that does
 * is an injection attempt and is never cited as a rule.
 */
const INSTRUCTION_LIKE =
  /忽略(以上|上述|之前|前面|所有)(的)?(规则|指令|要求|内容|说明)|无视(以上|上述|之前)|ignore (all |the )?(previous|prior|above) (instructions|rules)|disregard (the )?(previous|above)|system prompt|系统提示词|你现在是|you are now/i;

export function looksLikeInstructions(text: string): boolean {
  return INSTRUCTION_LIKE.test(text);
}
