import { splitSentences } from "../../lib/text/sentences.js";
import { normalizeText } from "../lexical/normalize.js";
import type { ClauseKind, ClauseRuling } from "../types.js";
import type { ConductMatcher, KindMatch } from "./conduct-matcher.js";

export type { ClauseKind, ClauseRuling };

const RULINGS: [Exclude<ClauseRuling, "mentions">, RegExp][] = [
  [
    "conditions",
    /未经[^，。；]{0,12}(批准|备案|同意|审批)|经[^，。；]{0,14}(批准|同意|审批|备案)后?|须经|应当经|必须经|符合[^，。；]{0,10}条件|严格限制|审慎|方可|备案后/g,
  ],
  [
    "prohibits",
    /严禁|禁止|不得|不准|不允许|严肃查处|严厉打击|严厉查处|严惩|从严查处|坚决查处|依法查处|查处|打击|惩治|纠治|整治|治理|严肃处理|严查|清理|杜绝|遏制|红线|高压线|违法违规行为|违规行为|违纪行为|违法行为|违法犯罪/g,
  ],
  ["permits", /可以|允许|准许|不属于违规|不属于违纪|不算违规|不视为|不违反|无需|不需要|不受限制/g],
];
/** Headings whose items are each a forbidden act. */
const FORBIDDEN_LIST =
  /整治内容|整治重点|违规行为|违法行为|禁止|负面清单|九不准|红线|底线|高压线|打击|惩治|查处|严惩|禁令/;

/**
 * The kinds of conduct a clause rules on, from its own words, sentence by
 * sentence. What the clause does with a kind is read from the ruling words
 * nearest to where it names it ("严格限制备案采购…，严禁…线下采购" conditions the
 * one and forbids the other); a sentence with none only mentions the kind —
 * unless it is an item under a list of forbidden conduct.
 */
export function tagClause(text: string, section: string, matcher: ConductMatcher): ClauseKind[] {
  const byKind = new Map<string, ClauseKind>();
  const listHeading = FORBIDDEN_LIST.test(section);
  for (const sentence of splitSentences(text.replace(/\n/g, ""))) {
    // Duties and procedures (stance info) are named by the rules' own terms; their
    // everyday words (负责人, 管理, 教育) are in almost every administrative sentence.
    const matches = matcher
      .match(sentence)
      .filter(
        (m) => m.governed && (m.kind.stance !== "info" || m.cues.some((c) => c.slot === "terms")),
      );
    if (matches.length === 0) continue;
    const normalized = normalizeText(sentence);
    const rulings = rulingWords(normalized);
    for (const m of matches) {
      const near = nearestRuling(m, rulings, normalized);
      const ruling = near?.ruling ?? (listHeading ? "prohibits" : "mentions");
      // A ban (严禁, 不得) is the rule itself; a campaign against the conduct (查处, 整治)
      // forbids it too, but says less plainly what a person may not do.
      const plainness = near?.ruling === "prohibits" && !near.explicit ? ENFORCEMENT_ONLY : 1;
      const strength = Math.min(1, m.score) * (ruling === "mentions" ? 0.5 : 1) * plainness;
      const before = byKind.get(m.kind.id);
      if (!before || strength > before.strength) {
        byKind.set(m.kind.id, { kind: m.kind.id, strength, ruling });
      }
    }
  }
  return [...byKind.values()].sort((a, b) => b.strength - a.strength);
}

/** What one sentence does with the conduct it names, read from its first ruling words. */
export function rulingOf(sentence: string): ClauseRuling {
  return rulingWords(normalizeText(sentence))[0]?.ruling ?? "mentions";
}

/** A word of a (normalised) sentence that rules on conduct: 严禁, 须经…批准, 可以 … */
export interface RulingWord {
  ruling: Exclude<ClauseRuling, "mentions">;
  start: number;
  /** A ban in so many words (严禁, 不得), not an enforcement verb (查处, 整治). */
  explicit: boolean;
  end: number;
}

const EXPLICIT_BAN = /^(严禁|禁止|不得|不准|不允许)/;
/** Strength of a prohibition read only from enforcement verbs, against a plain ban. */
const ENFORCEMENT_ONLY = 0.85;

/** The ruling words of a normalised sentence, in order (a quiz quotes from them to the conduct). */
export function rulingWords(sentence: string): RulingWord[] {
  const out: RulingWord[] = [];
  for (const [ruling, re] of RULINGS) {
    re.lastIndex = 0;
    for (const m of sentence.matchAll(re)) {
      const start = m.index ?? 0;
      out.push({ ruling, start, end: start + m[0].length, explicit: EXPLICIT_BAN.test(m[0]) });
    }
  }
  // A condition and a prohibition at one place ("未经备案…不得") read as the condition.
  return out.sort((a, b) => a.start - b.start);
}

/**
 * The ruling that governs a kind's mention: the last ruling word before its
 * first telling cue, else the first one after it ("对…的行为进行查处").
 */
function nearestRuling(
  match: KindMatch,
  rulings: RulingWord[],
  sentence: string,
): RulingWord | undefined {
  if (rulings.length === 0) return undefined;
  const telling = match.cues.filter((c) => c.slot === "terms" || c.slot === "object");
  const at = Math.min(...(telling.length > 0 ? telling : match.cues).map((c) => c.start));
  let before: RulingWord | undefined;
  for (const r of rulings) if (r.start <= at) before = r;
  if (before) {
    // "未经备案的人员不得…", "未经医务科批准，任何人不得…": a 未经 condition opening the
    // phrase governs the 不得 after it. "严格限制…，规范…，严禁…" lists separate rulings.
    const opening = rulings.find(
      (r) =>
        r.ruling === "conditions" &&
        before !== undefined &&
        r.start < before.start &&
        sentence.startsWith("未经", r.start) &&
        (sentence.slice(r.start, before.start).match(/[，,；;]/g)?.length ?? 0) <= 1,
    );
    return before.ruling === "prohibits" && opening ? opening : before;
  }
  return rulings.find((r) => r.start > at);
}
