import { hanOnly, splitSentences } from "../../lib/text/sentences.js";
import { rulingOf } from "../conduct/clause-kinds.js";
import type { ConductMatcher, KindMatch } from "../conduct/conduct-matcher.js";
import type { ClauseKind, SearchHit } from "../types.js";

/** The clauses an answer about a kind of conduct rests on. */
export interface ConductCitations {
  /** Cited clauses, the decisive one first. */
  hits: SearchHit[];
  /** The decisive clause's tag for the asked kind. */
  decisive: ClauseKind | undefined;
  /** Non-official texts that permit what the official rules forbid: never cited, named in the answer. */
  conflicts: SearchHit[];
}

/** At most this many clauses are cited. */
const MAX_CITED = 3;

/**
 * Chooses what to cite for a question about a kind of conduct, from the
 * retrieved clauses in rank order:
 * - the decisive clause rules on the asked kind the way the rules do (a
 *   prohibition for forbidden conduct, the condition for conditional conduct);
 *   an official clause over a local or unknown one when the conduct is forbidden;
 * - a local or unknown text that permits forbidden conduct never decides and is
 *   not cited: the answer names it as a conflicting text;
 * - an official clause on the same conduct is always cited beside a local rule;
 * - then further clauses on the asked kinds, best first.
 */
export function conductCitations(
  hits: readonly SearchHit[],
  kinds: KindMatch[],
  relevance: (hit: SearchHit) => number = () => 0,
  /** 1 for a clause on one kind of conduct, less for an omnibus list. */
  specificity: (hit: SearchHit) => number = () => 1,
  /** The question asks when, where, who or how: the clause that speaks of that decides. */
  forFacts = false,
): ConductCitations {
  const asked = kinds[0];
  if (!asked) return { hits: [], decisive: undefined, conflicts: [] };
  // Conduct allowed under conditions, described with a condition broken ("打到个人卡上",
  // "没备案"), is ruled on by the prohibition — often tagged with the forbidden kind the
  // question also names (donation-misuse beside sponsorship): those kinds decide too.
  const stance = asked.breach ? "prohibited" : asked.kind.stance;
  const ids = [
    asked.kind.id,
    ...(asked.breach && asked.kind.stance !== "prohibited"
      ? kinds
          .slice(1, 3)
          .filter((k) => k.kind.stance === "prohibited" && k.score >= BREACH_SIBLING * asked.score)
          .map((k) => k.kind.id)
      : []),
  ];
  const tagOf = (h: SearchHit) => {
    for (const id of ids) {
      const tag = h.kinds?.find((t) => t.kind === id);
      if (tag) return tag;
    }
    return undefined;
  };
  const official = (h: SearchHit) => h.authority === "official";

  // Only conduct the rules forbid outright has conflicting texts: a local clause that
  // conditions conduct allowed under conditions is not one, even when the asker broke them.
  const conflicts =
    asked.kind.stance === "prohibited"
      ? hits.filter((h) => {
          const tag = tagOf(h);
          return (
            !official(h) &&
            tag !== undefined &&
            tag.ruling !== "prohibits" &&
            tag.ruling !== "mentions"
          );
        })
      : [];
  const usable = hits.filter((h) => !conflicts.includes(h));
  const ruling = (h: SearchHit) => tagOf(h)?.ruling;
  // A question of fact (when, where, who, what happens) is answered by the clause that
  // speaks of what it asks — on the asked conduct or not (a penalty article names none).
  const preferred: ((h: SearchHit) => boolean)[] = forFacts
    ? [() => true]
    : stance === "prohibited"
      ? [
          (h) => ruling(h) === "prohibits" && official(h),
          (h) => ruling(h) === "prohibits",
          (h) => tagOf(h) !== undefined && official(h),
        ]
      : stance === "conditional"
        ? [
            // The condition, a local ban or a permission: whichever speaks of what was asked.
            // An official campaign against a field ("严厉打击…口腔…") is not the rule on it.
            (h) =>
              ruling(h) === "conditions" ||
              ruling(h) === "permits" ||
              (ruling(h) === "prohibits" && !official(h)),
            (h) => tagOf(h) !== undefined,
          ]
        : [
            (h) => ruling(h) !== undefined && ruling(h) !== "mentions",
            (h) => tagOf(h) !== undefined,
          ];
  // Within a tier: what the clause says of the asked conduct (how clearly, how
  // specifically, in the rules' own stance) and how much of the question it speaks to.
  const fit = (h: SearchHit) => {
    const tag = tagOf(h);
    const strength = tag ? tag.strength * specificity(h) : 0;
    const inStance =
      (stance === "conditional" && tag?.ruling === "conditions") ||
      (stance === "prohibited" && tag?.ruling === "prohibits");
    const onKind = tag ? TOPIC_WEIGHT : 0;
    // Among equals, the cleaner text: a scan's character errors are a poor quote.
    const damage = 1 - (h.quality ?? 1);
    return (
      relevance(h) +
      CLEAR_WEIGHT * strength +
      (inStance ? STANCE_WEIGHT : 0) +
      onKind -
      DAMAGE_WEIGHT * damage
    );
  };
  let decisive: SearchHit | undefined;
  for (const test of preferred) {
    decisive = mostRelevant(usable.filter(test), usable, fit);
    if (decisive) break;
  }
  if (!decisive) return { hits: [], decisive: undefined, conflicts };

  const cited: SearchHit[] = [decisive];
  if (!official(decisive)) {
    const national = usable.find((h) => h !== decisive && official(h) && tagOf(h) !== undefined);
    if (national) cited.push(national);
  }
  const askedIds = new Set(kinds.slice(0, 3).map((k) => k.kind.id));
  for (const h of usable) {
    if (cited.length >= MAX_CITED) break;
    if (cited.includes(h)) continue;
    const onAsked = h.kinds?.some((t) => askedIds.has(t.kind) && t.strength >= 0.5);
    if (onAsked) cited.push(h);
  }
  return { hits: cited, decisive: tagOf(decisive), conflicts };
}

/**
 * The kinds a question asks about: the first, and any other it names nearly
 * as strongly ("药代请吃饭，还送购物卡": the meal and the gift). A kind the
 * question only brushes (one shared word) is not asked.
 */
export function askedKinds(kinds: readonly KindMatch[]): KindMatch[] {
  const top = kinds[0];
  if (!top) return [];
  return kinds.filter((k, i) => i === 0 || (k.governed && k.score >= ASKED_SHARE * top.score));
}

/**
 * Whether a clause rules on conduct the question asks about — what a reply
 * may show beside the decisive clause. It must be tagged with an asked kind,
 * and one of its sentences must name that conduct by the act itself: a term
 * of the rules, a thing with what is done with it, or the kind's own pair of
 * cues. A clause that only names who and what ("销售代表姓名" in a procurement
 * contract) or only shares the question's words does not. (A tag that reads
 * as a bare mention still counts: policy text rules with words the tagger
 * does not take as rulings — "落实优先采购使用中选产品政策，防范…替代".)
 */
export function rulesOnAsked(
  hit: SearchHit,
  asked: readonly KindMatch[],
  matcher: ConductMatcher,
): boolean {
  return askedRuling(hit, asked, matcher) !== undefined;
}

/**
 * The phrase of a clause that rules on the asked conduct (see rulesOnAsked),
 * short enough for a one-line reference; undefined when no sentence does. In
 * the sentence, the asked kind must be what it is about, not a word in passing:
 * "充分运用…集采中选产品使用，开展回扣问题专项排查" is about kickbacks.
 */
export function askedRuling(
  hit: SearchHit,
  asked: readonly KindMatch[],
  matcher: ConductMatcher,
): string | undefined {
  const ids = new Set(
    asked.filter((k) => hit.kinds?.some((t) => t.kind === k.kind.id)).map((k) => k.kind.id),
  );
  if (ids.size === 0) return undefined;
  // The heading the clause stands under is named on the reference line already.
  const heading = hanOnly(hit.section.split(" > ").at(-1) ?? "");
  let best: { sentence: string; at: number; score: number } | undefined;
  const sentences = splitSentences(hit.text.replace(/\n/g, ""));
  const isHeading = (sentence: string) => {
    const han = hanOnly(sentence);
    return heading !== "" && (heading.includes(han) || han.includes(heading));
  };
  // A one-sentence item parsed as its own heading ("一、…不得收受…") is still the rule.
  const body = sentences.some((x) => !isHeading(x))
    ? sentences.filter((x) => !isHeading(x))
    : sentences;
  for (const sentence of body) {
    const governed = matcher.match(sentence).filter((m) => m.governed);
    const top = Math.max(0, ...governed.map((m) => m.score));
    const named = governed.find(
      (m) => ids.has(m.kind.id) && namesTheAct(m) && m.score >= IN_PASSING * top,
    );
    if (!named) continue;
    // A sentence that rules (严禁, 不得, 查处 …) says more than one that only names the conduct.
    const score = named.score + (rulingOf(sentence) === "mentions" ? 0 : RULES_BONUS);
    if (!best || score > best.score) best = { sentence, at: tellingStart(named), score };
  }
  return best && phraseAround(best.sentence, best.at);
}

/** Where a kind is named most tellingly: its rule term, else the thing, the act, the party. */
function tellingStart(match: KindMatch): number {
  for (const slot of ["terms", "object", "act", "party"] as const) {
    const cues = match.cues.filter((c) => c.slot === slot);
    if (cues.length > 0) return Math.min(...cues.map((c) => c.start));
  }
  return 0;
}

/** How much ruling words count when choosing a clause's phrase on the asked conduct. */
const RULES_BONUS = 0.5;

/** A kind named with less than this share of a sentence's strongest kind is named in passing. */
const IN_PASSING = 0.9;
/** Longest ruling phrase on a one-line reference. */
const PHRASE_CHARS = 40;

/**
 * The comma-delimited phrase of `sentence` around `at` (an offset in its NFKC
 * form, as the matcher's cue offsets are), at most PHRASE_CHARS characters.
 */
export function phraseAround(sentence: string, at: number): string {
  const text = sentence.normalize("NFKC");
  const isBreak = (i: number) => /[，,；;：:。！？!?]/.test(text.charAt(i));
  let start = Math.min(Math.max(0, at), text.length);
  while (start > 0 && !isBreak(start - 1)) start--;
  let end = Math.max(start, at);
  while (end < text.length && !isBreak(end)) end++;
  // A short phrase ("严禁…，") reads better with the one after it.
  if (end - start < 12 && end < text.length) {
    end++;
    while (end < text.length && !isBreak(end)) end++;
  }
  // Shown as written (full-width punctuation) when normalising kept the offsets.
  const shown = sentence.length === text.length ? sentence : text;
  const phrase = Array.from(shown.slice(start, end).trim());
  return phrase.length > PHRASE_CHARS
    ? `${phrase.slice(0, PHRASE_CHARS - 1).join("")}…`
    : phrase.join("");
}

function namesTheAct(match: KindMatch): boolean {
  const slots = new Set(match.cues.map((c) => c.slot));
  return (
    slots.has("terms") ||
    (slots.has("object") && slots.has("act")) ||
    match.kind.alsoNamedBy.some(([a, b]) => slots.has(a) && slots.has(b))
  );
}

/** How strongly a further kind must be named, against the first, to count as asked. */
const ASKED_SHARE = 0.6;

/**
 * Among clauses that rule on the asked conduct alike, the one that speaks of
 * what was asked (宴请 for a dinner, not 娱乐场所), retrieval order breaking ties.
 */
function mostRelevant(
  tier: SearchHit[],
  ranked: SearchHit[],
  relevance: (hit: SearchHit) => number,
): SearchHit | undefined {
  let best: { hit: SearchHit; score: number } | undefined;
  for (const hit of tier) {
    const rank = ranked.indexOf(hit);
    const score = relevance(hit) + RANK_WEIGHT * (1 - rank / Math.max(1, ranked.length));
    if (!best || score > best.score) best = { hit, score };
  }
  return best?.hit;
}

/** A forbidden kind named beside a breached conditional one decides with it from this share of its score. */
const BREACH_SIBLING = 0.8;
/** How much retrieval order counts against the clause's overlap with the question (0–1). */
const RANK_WEIGHT = 0.15;
/** How much a clear, specific ruling on the asked conduct counts. */
const CLEAR_WEIGHT = 0.15;
/** How much text damage (1 − quality) counts against a clause. */
const DAMAGE_WEIGHT = 1;
/** How much being about the asked conduct at all counts. */
const TOPIC_WEIGHT = 0.1;
/** How much ruling the way the rules do on the conduct (forbid, condition) counts. */
const STANCE_WEIGHT = 0.1;
