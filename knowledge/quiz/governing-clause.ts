import { splitSentences } from "../../lib/text/sentences.js";
import type { ConductKind } from "../conduct/catalogue.js";
import { rulingWords, tagClause } from "../conduct/clause-kinds.js";
import type { ConductMatcher } from "../conduct/conduct-matcher.js";
import { normalizeText } from "../lexical/normalize.js";
import { LOW_QUALITY, type TextQualityScorer } from "../lexical/text-quality.js";
import type { ClauseKind, ClauseRuling, StoredChunk } from "../types.js";
import { FORBIDDEN_LIST, RED_LINE } from "./quality-gates.js";
import type { SceneVerdict } from "./scene-book.js";

/** The clauses questions may rest on, with the kinds the index tagged them with (a prefilter). */
export interface ClauseCorpus {
  chunks: readonly StoredChunk[];
  kindsOf?: ((chunk: StoredChunk) => readonly ClauseKind[]) | undefined;
  /** The clause's own tags as the validator reads them; computed when not given (memoise it). */
  clauseTags?: ((chunk: StoredChunk) => readonly ClauseKind[]) | undefined;
}

/** The corpus with each clause tagged once, however many kinds ask about it. */
export function memoised(corpus: ClauseCorpus, matcher: ConductMatcher): ClauseCorpus {
  const cache = new Map<number, readonly ClauseKind[]>();
  return {
    ...corpus,
    clauseTags: (chunk) => {
      let tags = cache.get(chunk.id);
      if (!tags) {
        tags = tagClause(chunk.text, chunk.occurrences[0]?.section ?? "", matcher);
        cache.set(chunk.id, tags);
      }
      return tags;
    },
  };
}

/** The clause that rules on a kind, the sentence that does it, and the phrase to quote. */
export interface Governing {
  chunk: StoredChunk;
  /** The clause's tag for the kind, as the validator reads it again. */
  tag: ClauseKind;
  sentence: string;
  quote: string;
}

/** The conduct model and the text-quality score a governing clause is chosen with. */
export interface GoverningDeps {
  matcher: ConductMatcher;
  quality: TextQualityScorer;
}

/** Rulings on a kind that can prove an answer of each verdict. */
function accepts(verdict: SceneVerdict, kind: ConductKind, ruling: ClauseRuling): boolean {
  if (verdict === "no")
    return ruling === "prohibits" || (ruling === "conditions" && kind.stance === "conditional");
  if (verdict === "cond") return ruling === "conditions";
  return true;
}

/**
 * The clause that governs a kind of conduct for a verdict: an official
 * clause whose ruling on the kind proves it, the newest edition first, then
 * a clause on this conduct before an omnibus list. Its decisive sentence must
 * read clean (no scan damage) and, for a duty, hold one of the proof words.
 */
export function governingClause(
  corpus: ClauseCorpus,
  kind: ConductKind,
  verdict: SceneVerdict,
  proof: readonly string[],
  deps: GoverningDeps,
): Governing | undefined {
  const found: (Governing & { rank: number[] })[] = [];
  for (const chunk of corpus.chunks) {
    const o = chunk.occurrences[0];
    if (o?.authority !== "official" || o.kind === "news" || chunk.kind === "form") continue;
    if (corpus.kindsOf && !corpus.kindsOf(chunk).some((t) => t.kind === kind.id)) continue;
    const tags = corpus.clauseTags?.(chunk) ?? tagClause(chunk.text, o.section, deps.matcher);
    const tag = tags.find((t) => t.kind === kind.id);
    if (!tag || !accepts(verdict, kind, tag.ruling)) continue;
    if (verdict !== "duty" && tag.strength < 0.5) continue;
    // A duty is proved by its own words, whatever the sentence's ruling words say.
    const ruling = verdict === "duty" ? "mentions" : tag.ruling;
    const decisive = decisiveSentenceOf(chunk.text, o.section, kind, ruling, proof, deps);
    if (!decisive) continue;
    const conducts = tags.filter(
      (t) =>
        t.strength >= 0.5 &&
        t.ruling !== "mentions" &&
        deps.matcher.catalogue.get(t.kind)?.stance !== "info",
    ).length;
    found.push({
      chunk,
      tag,
      sentence: decisive.sentence,
      quote: decisive.quote,
      rank: [
        -(o.year ?? 0),
        ...decisive.rank,
        chunk.kind === "row" ? 1 : 0,
        conducts,
        -tag.strength,
        decisive.sentence.length,
        chunk.id,
      ],
    });
  }
  found.sort((a, b) => compareRanks(a.rank, b.rank));
  const best = found[0];
  return best && { chunk: best.chunk, tag: best.tag, sentence: best.sentence, quote: best.quote };
}

function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * The sentence of a clause that rules on the kind as the clause does (and
 * holds a proof word) whose quote reads clean, best first: one naming the
 * conduct in the rules' own terms, then one drawing a red line (严禁, 查处 …)
 * rather than launching a programme, then the strongest.
 */
function decisiveSentenceOf(
  text: string,
  section: string,
  kind: ConductKind,
  ruling: ClauseRuling,
  proof: readonly string[],
  deps: GoverningDeps,
): { sentence: string; quote: string; rank: number[] } | undefined {
  let best: { sentence: string; quote: string; rank: number[] } | undefined;
  for (const sentence of splitSentences(text.replace(/\n/g, ""))) {
    if (proof.length > 0 && !proof.some((w) => sentence.includes(w))) continue;
    const tag = tagClause(sentence, section, deps.matcher).find((t) => t.kind === kind.id);
    if (!tag || (ruling !== "mentions" && tag.ruling !== ruling)) continue;
    const quote = decisiveQuote(sentence, kind, proof, deps.matcher);
    // The quote is what learners read: scan damage elsewhere in the sentence does not show.
    if (deps.quality.score(quote) < LOW_QUALITY) continue;
    const named = deps.matcher
      .match(sentence)
      .some((m) => m.kind.id === kind.id && m.cues.some((c) => c.slot === "terms"));
    const redLine = RED_LINE.test(quote) || FORBIDDEN_LIST.test(section);
    const rank = [named ? 0 : 1, redLine ? 0 : 1, -tag.strength];
    if (!best || compareRanks(rank, best.rank) < 0) best = { sentence, quote, rank };
  }
  return best && { ...best, rank: best.rank.slice(0, 2) };
}

const PIECE_MAX = 60;

/**
 * The phrase of the decisive sentence worth quoting: the comma-separated
 * piece naming the conduct (or holding the proof word) and the piece with the
 * ruling word that governs it, joined with …… when apart. Every piece is
 * verbatim; a very long one is cut around its word.
 */
export function decisiveQuote(
  sentence: string,
  kind: ConductKind,
  proof: readonly string[],
  matcher: ConductMatcher,
): string {
  const norm = normalizeText(sentence);
  // NFKC keeps Chinese text's length; when it did not, quote the normalised text.
  const base = norm.length === sentence.length ? sentence : norm;
  const proofAt = proof.map((w) => norm.indexOf(normalizeText(w))).filter((i) => i >= 0);
  const match = matcher.match(sentence).find((m) => m.kind.id === kind.id);
  // The rules' own term for the conduct first, then what is given or done, then any cue.
  const found = match?.cues ?? [];
  const terms = found.filter((c) => c.slot === "terms");
  const objects = found.filter((c) => c.slot === "object");
  const cues = terms.length > 0 ? terms : objects.length > 0 ? objects : found;
  const at =
    proofAt.length > 0
      ? Math.min(...proofAt)
      : cues.length > 0
        ? Math.min(...cues.map((c) => c.start))
        : 0;
  const rulings = rulingWords(norm);
  let ruling = rulings.filter((r) => r.start <= at).pop();
  ruling ??= rulings.find((r) => r.start > at);
  const main = pieceAround(base, at);
  const pieces = [main];
  // A condition set on other conduct further on ("…接受捐赠……审慎考虑与名单内企业合作")
  // is not this conduct's: the piece naming it is the quote.
  const far =
    ruling !== undefined &&
    ruling.ruling === "conditions" &&
    ruling.start > main.end &&
    (base.slice(main.end, ruling.start).match(/[，,；;：:。]/g)?.length ?? 0) > 1;
  // A duty is quoted at its own words; the ruling words around them rule on other things.
  if (ruling && !far && proofAt.length === 0) {
    const other = pieceAround(base, ruling.start);
    if (other.start < main.start) pieces.unshift(other);
    else if (other.start > main.start) pieces.push(other);
  }
  const parts: string[] = [];
  pieces.forEach((p, i) => {
    const previous = pieces[i - 1];
    const text = clip(base, p, p === main ? at : (ruling?.start ?? at));
    if (previous && previous.end + 1 >= p.start && !text.startsWith("…")) {
      // Adjacent pieces read on, with the comma between them.
      parts[parts.length - 1] =
        `${parts[parts.length - 1]}${base.slice(previous.end, p.start)}${text}`;
    } else {
      parts.push(text);
    }
  });
  return parts
    .join("……")
    .replace(/[，,；;：:。.]+$/, "")
    .replace(/^[，,；;：:]+/, "");
}

interface Piece {
  start: number;
  end: number;
}

const BOUNDARY = /[，,；;：:。]/;

function pieceAround(text: string, at: number): Piece {
  let start = at;
  while (start > 0 && !BOUNDARY.test(text[start - 1] ?? "")) start--;
  let end = at;
  while (end < text.length && !BOUNDARY.test(text[end] ?? "")) end++;
  return { start, end };
}

function clip(text: string, p: Piece, at: number): string {
  const piece = text.slice(p.start, p.end);
  if (piece.length <= PIECE_MAX) return piece;
  const half = Math.floor(PIECE_MAX / 2);
  const from = Math.max(p.start, Math.min(at - half, p.end - PIECE_MAX));
  const to = Math.min(p.end, from + PIECE_MAX);
  return `${from > p.start ? "…" : ""}${text.slice(from, to)}${to < p.end ? "…" : ""}`;
}
