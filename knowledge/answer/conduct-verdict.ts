import type { KindMatch } from "../conduct/conduct-matcher.js";
import type { ClauseKind } from "../types.js";
import type { Verdict } from "./answer-types.js";
import type { QuestionAnalysis } from "./question-analysis.js";

/**
 * The verdict on the asked conduct. What the rules say of the kind decides,
 * not the detail the asker adds ("打到科室小账上，不进个人口袋" stays 🚫):
 * - a question about duties or procedure (who, when, how, which) gets facts (ℹ️),
 *   one about what the rules require of the conduct gets its stance;
 *   unless the asker describes doing forbidden conduct and asks how to go on;
 * - forbidden conduct gets 🚫; conduct allowed under conditions gets ⚠️, or 🚫
 *   when the asker says a condition is not met (没备案, 不走财务), or when the
 *   clause that decides is a local rule forbidding it outright.
 */
export function conductVerdict(
  analysis: Pick<QuestionAnalysis, "askedAs" | "firstPerson" | "inConduct">,
  asked: KindMatch,
  decisive: ClauseKind | undefined,
  decisiveIsLocal: boolean,
): Verdict {
  const stance = asked.kind.stance;
  if (stance === "info" || analysis.askedAs === "definition") return "info";
  // "What are the rules on X?": for forbidden X the rule is the prohibition.
  if (analysis.askedAs === "requirement")
    return stance === "prohibited" ? "prohibited" : "conditional";
  if (analysis.askedAs === "procedure" && !(analysis.inConduct && stance === "prohibited")) {
    return "info";
  }
  // A plain statement-question not about the asker's own situation ("X是重点对象吗") asks for facts.
  if (analysis.askedAs === "fact" && !analysis.firstPerson) return "info";
  if (stance === "prohibited") return "prohibited";
  if (asked.breach) return "prohibited";
  if (decisiveIsLocal && decisive?.ruling === "prohibits") return "prohibited";
  return "conditional";
}
