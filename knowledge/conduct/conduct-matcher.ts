import { normalizeText } from "../lexical/normalize.js";
import { type ConductCatalogue, type ConductKind, CUE_SLOTS, type CueSlot } from "./catalogue.js";
import { PhraseMatcher } from "./phrase-matcher.js";

/** A cue of a kind found in a text. */
export interface CueHit {
  slot: CueSlot;
  text: string;
  start: number;
  end: number;
  /** Found by a /regex/ cue, which may span other cues' words. */
  regex?: boolean;
}

/** How strongly a text names one kind of conduct. */
export interface KindMatch {
  kind: ConductKind;
  /**
   * Evidence, for ranking kinds: per slot the most telling cue found (a term
   * weighs 1, party/object/act 0.5 each), scaled by how few kinds share it.
   */
  score: number;
  /** The text names this kind: a term, or an object with a party or an act. */
  governed: boolean;
  /** The text says a condition of a conditional kind is not met (没备案, 不走财务 …). */
  breach: boolean;
  cues: CueHit[];
}

/** Each telling cue beyond one per slot adds this much evidence, up to the cap. */
const MORE_CUES = 0.1;
const MORE_CUES_CAP = 0.3;

/** Scores closer than this are the same evidence (sums of weights differ in the last bits). */
const SAME_SCORE = 0.01;

/** A forbidden kind named with this share of a conditional kind's evidence breaks it (broken-by). */
const BROKEN_SHARE = 0.5;

/** Below this much evidence a text does not name a kind, whatever slots it touches. */
const GOVERNED_MIN = 0.7;

const SLOT_WEIGHT: Record<CueSlot, number> = {
  terms: 1,
  party: 0.5,
  object: 0.5,
  act: 0.5,
  breach: 0,
};

/**
 * Maps a text — a question in the asker's words, or a clause in the rules'
 * words — to the kinds of conduct it names, from the catalogue's cue words.
 */
export class ConductMatcher {
  private readonly phrases: PhraseMatcher<{ kind: ConductKind; slot: CueSlot }>;
  /** How telling a cue is: 1 when one kind has it, less the more kinds share it. */
  private readonly distinct = new Map<string, number>();

  constructor(readonly catalogue: ConductCatalogue) {
    const entries: { pattern: string; payload: { kind: ConductKind; slot: CueSlot } }[] = [];
    const kindsOf = new Map<string, Set<string>>();
    for (const kind of catalogue.kinds) {
      for (const slot of CUE_SLOTS) {
        for (const pattern of kind.cues[slot]) {
          entries.push({ pattern, payload: { kind, slot } });
          const key = cueKey(pattern);
          const set = kindsOf.get(key) ?? new Set<string>();
          set.add(kind.id);
          kindsOf.set(key, set);
        }
      }
    }
    for (const [key, kinds] of kindsOf) this.distinct.set(key, 1 / (1 + Math.log(kinds.size)));
    this.phrases = new PhraseMatcher(entries);
  }

  /** Kinds named in `text`, strongest first; kinds with any cue are listed, governed or not. */
  match(text: string): KindMatch[] {
    const byKind = new Map<string, { kind: ConductKind; cues: CueHit[] }>();
    for (const hit of this.phrases.matchAll(text)) {
      const { kind, slot } = hit.payload;
      let entry = byKind.get(kind.id);
      if (!entry) {
        entry = { kind, cues: [] };
        byKind.set(kind.id, entry);
      }
      entry.cues.push({ slot, text: hit.text, start: hit.start, end: hit.end, regex: hit.regex });
    }
    const out: KindMatch[] = [];
    const normalized = normalizeText(text);
    for (const { kind, cues: found } of byKind.values()) {
      const cues = dropContained(found.filter((c) => !negated(normalized, c)));
      const best = new Map<CueSlot, number>();
      for (const cue of cues) {
        const weight = this.weightOf(cue);
        if (weight > (best.get(cue.slot) ?? 0)) best.set(cue.slot, weight);
      }
      let score = 0;
      for (const [slot, weight] of best) score += SLOT_WEIGHT[slot] * weight;
      // More telling words about the same conduct are more evidence, within a slot too.
      const telling = new Set(cues.filter((c) => this.telling(c)).map((c) => c.text)).size;
      score += Math.min(MORE_CUES_CAP, MORE_CUES * Math.max(0, telling - best.size));
      const slots = new Set(cues.map((c) => c.slot));
      const governed =
        score >= GOVERNED_MIN &&
        (slots.has("terms") ||
          (slots.has("object") && (slots.has("party") || slots.has("act"))) ||
          kind.alsoNamedBy.some(([a, b]) => slots.has(a) && slots.has(b)));
      out.push({ kind, score, governed, breach: slots.has("breach"), cues });
    }
    // Conduct allowed under conditions named beside a forbidden kind it turns into when
    // broken ("学术会议" with three days of 出海钓鱼) is described with its conditions broken.
    // The forbidden kind must be named by a thing or term of its own: the hotel of a
    // sponsored conference is no trip.
    for (const m of out) {
      if (!m.governed || m.breach || m.kind.brokenBy.length === 0) continue;
      const shared = new Set(m.cues.map((c) => c.text));
      m.breach = out.some(
        (o) =>
          o.governed &&
          m.kind.brokenBy.includes(o.kind.id) &&
          o.score >= BROKEN_SHARE * m.score &&
          o.cues.some(
            (c) =>
              (c.slot === "terms" || c.slot === "object") && this.telling(c) && !shared.has(c.text),
          ),
      );
    }
    // Equal evidence: the kind more of the text's telling words belong to (a patient
    // list with names and phone numbers is about patient data, not prescription counts).
    const telling = (m: KindMatch) =>
      new Set(m.cues.filter((c) => this.telling(c)).map((c) => c.text)).size;
    return out.sort(
      (a, b) =>
        Number(b.governed) - Number(a.governed) ||
        (Math.abs(b.score - a.score) > SAME_SCORE ? b.score - a.score : 0) ||
        telling(b) - telling(a) ||
        b.score - a.score,
    );
  }

  private weightOf(cue: CueHit): number {
    // Who the other party is (患者, 药代) tells the family of conduct, not the kind, and
    // the rules' own terms name the conduct: both count in full however many kinds share
    // them. One character (收, 来) says little.
    const base = cue.slot === "party" || cue.slot === "terms" ? 1 : this.distinctiveness(cue.text);
    return [...cue.text].length === 1 ? base * 0.5 : base;
  }

  /** A word that names this conduct rather than any (not 收, 给, 公司 …). */
  telling(cue: CueHit): boolean {
    return (
      cue.slot !== "breach" && [...cue.text].length >= 2 && this.distinctiveness(cue.text) >= 0.5
    );
  }

  /** 1 for a cue word one kind has, less the more kinds share it (regex matches count as 1). */
  distinctiveness(cueText: string): number {
    return this.distinct.get(cueText) ?? 1;
  }
}

function cueKey(pattern: string): string {
  return pattern.startsWith("/") && pattern.endsWith("/") && pattern.length > 2
    ? pattern
    : normalizeText(pattern);
}

const SLOT_RANK: Record<CueSlot, number> = { terms: 0, object: 1, party: 2, act: 3, breach: 4 };

/**
 * A cue inside a longer cue of the same kind is the same word, not more
 * evidence (收 inside 收受, 负责 inside 负责人); one word listed in two slots
 * counts in the first. A breach stays whatever it is in.
 */
function dropContained(cues: CueHit[]): CueHit[] {
  return cues.filter(
    (c) =>
      c.slot === "breach" ||
      !cues.some(
        (o) =>
          o !== c &&
          o.slot !== "breach" &&
          // A regex spanning a phrase ("借…医保卡") does not swallow another slot's word in it.
          (o.slot === c.slot || !o.regex) &&
          o.start <= c.start &&
          o.end >= c.end &&
          (o.end - o.start > c.end - c.start ||
            (o.end - o.start === c.end - c.start && SLOT_RANK[o.slot] < SLOT_RANK[c.slot])),
      ),
  );
}

/**
 * "没有任何附加条件", "也不要求采购", "没发现收钱": a cue the text denies is not
 * evidence. Breach words carry their own negation (没备案) and stay. A negation
 * closed by 的/就/才 denies an earlier word, not the cue ("没备案的药代",
 * "还没备案就进手术室", "不合格的耗材").
 */
function negated(text: string, cue: CueHit): boolean {
  if (cue.slot === "breach" || /^[不没无未非]/.test(cue.text)) return false;
  const before = text.slice(Math.max(0, cue.start - 6), cue.start);
  // "能不能弄到", "有没有收": a yes-no question asks, it does not deny.
  const clause = (before.split(/[，。；！？,;!?、]/).pop() ?? "").replace(
    /(\p{Script=Han})[不没]\1|有没有|是否/gu,
    "",
  );
  const negation = /没有|没|不|无|未|并非|非$/.exec(clause);
  // 不得, 不准, 不能 … forbid the act, they do not deny it happens: the rule speaks of it.
  if (
    !negation ||
    /不是说|不管|不仅|不但|无论|不少|不久|不得|不准|不许|不能|不可|不应|不要/.test(clause)
  )
    return false;
  const last = Math.max(...["没", "不", "无", "未", "非"].map((n) => clause.lastIndexOf(n)));
  return !/[的就才]/.test(clause.slice(last + 1));
}
