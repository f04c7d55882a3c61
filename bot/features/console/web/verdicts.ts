import type { Verdict } from "../../../../knowledge/answer/answer-types.js";
import type { Words } from "./words.js";

export const VERDICTS: readonly Verdict[] = ["prohibited", "conditional", "info", "not_covered"];

export function isVerdict(v: string): v is Verdict {
  return (VERDICTS as readonly string[]).includes(v);
}

export function verdictName(v: Verdict, w: Words): string {
  switch (v) {
    case "prohibited":
      return w("禁止", "Prohibited");
    case "conditional":
      return w("有条件", "Conditional");
    case "info":
      return w("说明", "Information");
    default:
      return w("未涉及", "Not covered");
  }
}
