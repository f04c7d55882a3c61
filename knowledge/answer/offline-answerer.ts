import { looksLikeForm } from "../../lib/text/form-text.js";
import { hanOnly, splitSentences } from "../../lib/text/sentences.js";
import type { KindMatch } from "../conduct/conduct-matcher.js";
import type { KnowledgeIndex } from "../index/knowledge-index.js";
import { LOW_QUALITY } from "../lexical/text-quality.js";
import type { HybridRetriever, Retrieval, SearchOptions } from "../retrieval/hybrid-retriever.js";
import type { SearchHit } from "../types.js";
import type { Answer, Citation, Verdict } from "./answer-types.js";
import { askedAttributes } from "./asked-attributes.js";
import { dropRepeats } from "./cited-editions.js";
import { clauseStance } from "./clause-stance.js";
import {
  askedKinds,
  askedRuling,
  type ConductCitations,
  conductCitations,
} from "./conduct-citations.js";
import { conductVerdict } from "./conduct-verdict.js";
import { type Decisive, decisiveSentence, focusQuote, trimAround } from "./decisive-sentence.js";
import { type ConductNaming, explain, explainParts } from "./explain.js";
import { analyzeQuestion, type QuestionAnalysis, weightedKinds } from "./question-analysis.js";
import { type QuestionType, questionType } from "./question-type.js";
import { looksLikeInstructions } from "./untrusted-text.js";

export interface OfflineAnswererDeps {
  retriever: HybridRetriever;
  index: KnowledgeIndex;
  /** Whom to ask when the documents are silent. */
  contact: string;
}

export interface AnswerOptions {
  /** The previous question of the conversation, for follow-ups ("那学术会议呢？"). */
  previousQuestion?: string | undefined;
}

/** A question read and its clauses retrieved: what an answer is composed from. */
export interface PreparedQuestion {
  analysis: QuestionAnalysis;
  /** What retrieval searched for (a follow-up joined to the question before it). */
  query: string;
  retrieval: Retrieval;
}

/** Words that carry a prohibition, shown in a quote that names it. */
const PROHIBITION_WORDS =
  /严禁|禁止|不得|不准|严肃查处|严厉打击|严惩|查处|打击|违法违规行为|违规行为|违纪/;

/** Longest quote in an explanation: the decisive phrase, not the run-on sentence around it. */
const QUOTE_CHARS = 70;

/** Below this share of the question found in the best clauses, the documents do not cover it. */
export const MIN_COVERAGE = 0.5;

/** Clauses retrieved per question: the citations are chosen among them. */
const HITS = 8;

/**
 * The extractive answer. A question is first mapped to the kinds of conduct it
 * describes (the conduct model); when it names governed conduct, the decisive
 * clause is the one that rules on that conduct and the verdict is what the
 * rules say of it. Otherwise the answer rests on word coverage: with too little
 * of the question in the documents it abstains. Never invents a rule.
 */
export class OfflineAnswerer {
  constructor(private readonly deps: OfflineAnswererDeps) {}

  async answer(
    question: string,
    options: AnswerOptions = {},
  ): Promise<Answer & { retrieval: Retrieval }> {
    const prepared = await this.prepare(question, options.previousQuestion);
    return { ...(await this.compose(question, prepared)), retrieval: prepared.retrieval };
  }

  /**
   * Reads the question and retrieves its clauses. `query` overrides what is
   * searched (a model's standalone rewrite of a follow-up).
   */
  async prepare(question: string, previous?: string, query?: string): Promise<PreparedQuestion> {
    const { analysis, query: searched } = this.analyze(question, previous, query);
    const retrieval = await this.deps.retriever.search(
      retrievalQuery(searched, analysis),
      HITS,
      searchOptions(analysis),
    );
    return { analysis, query: searched, retrieval };
  }

  /** The question read, and what to search for it. */
  analyze(
    question: string,
    previous?: string,
    query?: string,
  ): { analysis: QuestionAnalysis; query: string } {
    const { conduct } = this.deps.index;
    const own = analyzeQuestion(question, conduct);
    const searched = query ?? expandFollowUp(own.text, previous);
    if (searched === own.text) return { analysis: own, query: searched };
    // A follow-up ("那出国旅游呢？") names only what changed: how it asks, whose
    // situation and which conduct may be in the question before it.
    const whole = analyzeQuestion(searched, conduct);
    // Only conduct the follow-up itself names: "那学术会议呢？" after a dinner question
    // asks about meetings, which the word-coverage path then answers with focus.
    const tail = searched.length - own.text.length;
    const named = whole.kinds.filter((k) => k.cues.some((c) => c.start >= tail));
    const analysis: QuestionAnalysis = {
      ...own,
      askedAs: own.askedAs === "fact" ? whole.askedAs : own.askedAs,
      firstPerson: own.firstPerson || whole.firstPerson,
      inConduct: own.inConduct || whole.inConduct,
      kinds: own.kinds.length > 0 ? own.kinds : named,
    };
    return { analysis, query: searched };
  }

  /** Builds the answer from a prepared question; also the fallback of the LLM answerer. */
  async compose(question: string, prepared: PreparedQuestion): Promise<Answer> {
    const { analysis, retrieval } = prepared;
    // A clause that addresses the reader like a prompt is not a rule: never cite it; nor
    // a blank form, unless the question is about the form.
    const aboutForm = /表|填报|登记/.test(analysis.text);
    // A damaged (scan) clause gives way to a clean one stating the same rule.
    const candidates = retrieval.hits.filter(
      (h) => !looksLikeInstructions(h.text) && (aboutForm || !looksLikeForm(h.text)),
    );
    const trusted = dropRepeats(
      await Promise.all(
        candidates.map(async (h) => (await this.deps.retriever.cleanerEdition(h)) ?? h),
      ),
    );
    const kinds = analysis.kinds;
    // Conduct the rules forbid or condition is answered from the clauses that rule on
    // it; duties and procedures (stance info) from the best matching clauses.
    if (kinds[0] && kinds[0].kind.stance !== "info") {
      const answer = await this.conductAnswer(question, analysis, kinds, trusted, retrieval);
      if (answer) return answer;
    }
    const asked = kinds[0];
    // A question on a duty or procedure gets the facts, whatever the clause's wording.
    const answer = await this.coverageAnswer(
      question,
      prepared,
      trusted,
      asked?.kind.stance === "info",
    );
    if (answer.verdict === "not_covered" && asked) {
      // Governed conduct never gets a bare 未涉及: the rules on it, to be confirmed.
      const onKind = trusted.filter((h) => h.kinds?.some((t) => t.kind === asked.kind.id));
      const closest =
        onKind.length > 0 ? onKind.slice(0, 2) : await this.rulesOn(asked.kind.id, 2, false);
      if (closest.length > 0) return this.closestRules(question, analysis, closest, retrieval);
    }
    return answer;
  }

  /** The answer for a question about a kind of conduct the rules govern. */
  private async conductAnswer(
    question: string,
    analysis: QuestionAnalysis,
    kinds: KindMatch[],
    trusted: SearchHit[],
    retrieval: Retrieval,
  ): Promise<Answer | undefined> {
    const asked = kinds[0];
    const { index } = this.deps;
    const tokens = index.queryTokens(retrievalQuery(analysis.text, analysis)).tokens;
    const chosen = await this.withNationalRule(
      conductCitations(
        trusted,
        kinds,
        (h) => index.overlap(tokens, `${h.section}\n${h.text}`),
        (h) => index.kinds.specificity(h.chunkId),
        asksForFacts(analysis),
      ),
      asked,
    );
    const decisiveHit = chosen.hits[0];
    if (!asked || !decisiveHit) return undefined;
    const verdict = conductVerdict(
      analysis,
      asked,
      chosen.decisive,
      decisiveHit.authority !== "official",
    );
    const citations = await this.citationsOf(
      dropRepeats(chosen.hits),
      retrieval,
      0,
      undefined,
      this.shownBeside(0, kinds),
    );
    const sentence = this.rulingSentence(decisiveHit.text, asked, analysis.text);
    const decisive = citations[0];
    if (decisive) decisive.text = trimAround(decisiveHit.text, sentence);
    const explained = explainParts({
      verdict,
      language: analysis.language,
      decisive: decisive
        ? { citation: decisive, sentence: this.quote(sentence, analysis.text, verdict, asked) }
        : undefined,
      contact: this.deps.contact,
      permission: analysis.askedAs === "judgment",
      conduct: naming(asked),
      conflicts: chosen.conflicts.map((h) => h.title),
    });
    return {
      question,
      verdict,
      answer: explained.text,
      parts: explained.parts,
      citations,
      language: analysis.language,
      mode: "offline",
    };
  }

  /**
   * A local rule never stands alone: when it decides and no official clause on
   * the same conduct made the ranking, the strongest official one is cited beside it.
   */
  private async withNationalRule(
    chosen: ConductCitations,
    asked: KindMatch | undefined,
  ): Promise<ConductCitations> {
    const first = chosen.hits[0];
    if (!asked || !first || first.authority === "official") return chosen;
    if (chosen.hits.some((h) => h.authority === "official")) return chosen;
    const [official] = await this.rulesOn(asked.kind.id, 1, true);
    return official
      ? { ...chosen, hits: [first, official, ...chosen.hits.slice(1)].slice(0, 3) }
      : chosen;
  }

  /**
   * The clauses that rule most clearly on a kind of conduct, from the whole
   * store (not only what the ranking kept): strongest, most specific first.
   */
  private async rulesOn(kind: string, count: number, officialOnly: boolean): Promise<SearchHit[]> {
    const { index, retriever } = this.deps;
    const ranked = [...index.kinds.chunksOf(kind)]
      .filter(([, tag]) => tag.ruling !== "mentions")
      .map(([id, tag]) => ({ id, weight: tag.strength * index.kinds.specificity(id) }))
      .sort((a, b) => b.weight - a.weight || a.id - b.id)
      .map(({ id }) => id);
    const found: SearchHit[] = [];
    // Read in small pages: most kinds have what is wanted near the top.
    for (let i = 0; i < ranked.length && found.length < count; i += 20) {
      for (const h of await retriever.hitsFor(ranked.slice(i, i + 20))) {
        if (found.length >= count) break;
        if (looksLikeInstructions(h.text) || (officialOnly && h.authority !== "official")) continue;
        found.push(h);
      }
    }
    return found;
  }

  /** The closest rules for governed conduct the stored clauses do not name: marked for confirmation. */
  private async closestRules(
    question: string,
    analysis: QuestionAnalysis,
    hits: SearchHit[],
    retrieval: Retrieval,
  ): Promise<Answer> {
    const citations = await this.citationsOf(
      dropRepeats(hits),
      retrieval,
      0,
      undefined,
      this.shownBeside(0, analysis.kinds),
    );
    const first = citations[0];
    const sentence = first ? this.bestSentence(first.fullText, analysis.text) : "";
    const explained = explainParts({
      verdict: "info",
      language: analysis.language,
      decisive: first
        ? {
            citation: first,
            sentence: this.quote(sentence, analysis.text, "info", analysis.kinds[0]),
          }
        : undefined,
      contact: this.deps.contact,
      conduct: analysis.kinds[0] ? naming(analysis.kinds[0]) : undefined,
      confirm: true,
    });
    return {
      question,
      verdict: "info",
      answer: explained.text,
      parts: explained.parts,
      citations,
      language: analysis.language,
      mode: "offline",
    };
  }

  /** The answer from word coverage and clause wording, for questions not about a known kind. */
  private async coverageAnswer(
    question: string,
    prepared: PreparedQuestion,
    trusted: SearchHit[],
    factsOnly = false,
  ): Promise<Answer> {
    const { index, contact } = this.deps;
    const { analysis, retrieval, query } = prepared;
    const language = analysis.language;
    const tokens = retrieval.queryTokens;
    const asked = analysis.text;
    const queryTokens = index.queryTokens(query).tokens;
    const ownTokens = query === asked ? queryTokens : index.queryTokens(asked).tokens;
    if (
      trusted.length === 0 ||
      (coverageOf(retrieval, queryTokens, ownTokens, index) < MIN_COVERAGE &&
        !quotesTheDocuments(asked, trusted))
    ) {
      return notCovered(question, language, contact);
    }
    const relevance = trusted.map((h) => index.overlap(tokens, `${h.section}\n${h.text}`));
    const best = Math.max(...relevance);
    // A term the question quotes (“一案多查”是什么意思) is answered by the clauses that
    // carry it word for word, whatever else they speak of.
    const carriers = carryingQuoted(asked, trusted);
    // Retrieval order is the best evidence of relevance; word overlap only drops noise.
    const chosen = dropRepeats([
      ...carriers,
      ...trusted.filter((h, i) => !carriers.includes(h) && (relevance[i] ?? 0) >= best * 0.6),
    ]).slice(0, 3);
    // In a follow-up, the decisive sentence is about what the follow-up names.
    const focus = query === asked ? [] : ownTokens;
    // "那出国旅游呢？" asks the same kind of question as the one it follows.
    const own = questionType(asked);
    const type = own === "fact" && query !== asked ? questionType(query) : own;
    const texts = chosen.map((h) => h.text);
    let decisive = preferTopClause(
      decisiveSentence(tokens, texts, index, focus),
      texts,
      tokens,
      focus,
      index,
    );
    let cited = chosen;
    if (decisive && (type === "permission" || type === "consequence")) {
      const strictest = strictestReading(decisive, chosen, tokens, focus, index);
      if (strictest.citation !== decisive.citation) {
        // The prohibition leads; the clause it overrules is not offered as a rule.
        const overruled = decisive.citation;
        cited = chosen.filter((_, i) => i !== overruled);
        decisive = {
          ...strictest,
          citation: strictest.citation - (strictest.citation > overruled ? 1 : 0),
        };
      }
    }
    const citations = await this.citationsOf(
      cited,
      retrieval,
      decisive?.citation,
      decisive?.sentence,
      this.shownBeside(decisive?.citation ?? 0, analysis.kinds),
    );
    const decisiveCitation = citations[decisive?.citation ?? 0];
    const sentence = decisive?.sentence ?? decisiveCitation?.text ?? "";
    const verdict = factsOnly
      ? "info"
      : verdictFor(type, clauseStance(sentence, decisiveCitation?.section ?? ""), sentence);
    const explained = explainParts({
      verdict,
      language,
      decisive: decisiveCitation
        ? {
            citation: decisiveCitation,
            sentence: focusQuote(sentence, focus.length > 0 ? focus : tokens, index, {
              max: QUOTE_CHARS,
              mustShow: verdict === "prohibited" ? PROHIBITION_WORDS : undefined,
            }),
          }
        : undefined,
      contact,
      permission: type === "permission",
    });
    return {
      question,
      verdict,
      answer: explained.text,
      parts: explained.parts,
      citations,
      language,
      mode: "offline",
    };
  }

  /**
   * Citations numbered from 1, each sentence cited once (a repeat becomes
   * 另见 of the first). A clause is "only in an older edition" when no newer
   * official document in the store carries the same rule; when one does, it
   * is listed as 另见 instead.
   */
  private citationsOf(
    hits: SearchHit[],
    retrieval: Retrieval,
    decisiveIndex: number | undefined,
    sentence: string | undefined,
    shown: ShownBeside = () => ({ shown: true }),
  ): Promise<Citation[]> {
    return Promise.all(
      hits.map(async (hit, i) => {
        const { alsoIn, olderEditionOnly } = await this.edition(hit, retrieval.newestYear);
        return {
          ...toCitation({ ...hit, alsoIn }, i + 1, decisiveIndex === i ? sentence : undefined),
          olderEditionOnly,
          ...asShown(shown(hit, i)),
        };
      }),
    );
  }

  /**
   * Which cited clauses a reply shows: the decisive one, and beside it only
   * clauses that rule on the asked conduct (with the phrase that does) — with
   * no kind asked, a further clause was kept for its words alone.
   */
  shownBeside(decisiveIndex: number, kinds: KindMatch[]): ShownBeside {
    const asked = askedKinds(kinds);
    const { conduct } = this.deps.index;
    return (hit, i) => {
      if (i === decisiveIndex) return { shown: true };
      const ruling = askedRuling(hit, asked, conduct);
      return ruling === undefined ? { shown: false } : { shown: true, ruling };
    };
  }

  /** Where else a cited clause's rule stands, and whether only older editions carry it. */
  async edition(
    hit: SearchHit,
    newestYear: number | undefined,
  ): Promise<{ alsoIn: SearchHit["alsoIn"]; olderEditionOnly: boolean }> {
    if (!isOlderEditionOnly(hit, newestYear))
      return { alsoIn: hit.alsoIn, olderEditionOnly: false };
    const newer = await this.deps.retriever.newerEditions(hit);
    if (newer.length === 0) return { alsoIn: hit.alsoIn, olderEditionOnly: true };
    const alsoIn = [
      ...hit.alsoIn,
      ...newer.filter((n) => !hit.alsoIn.some((a) => a.docId === n.docId)),
    ];
    return { alsoIn, olderEditionOnly: false };
  }

  /** The sentence of a clause that rules on the asked kind, the question's words breaking ties. */
  private rulingSentence(text: string, asked: KindMatch, question: string): string {
    const { index } = this.deps;
    const sentences = splitSentences(text.replace(/\n/g, ""));
    const tokens = index.queryTokens(question).tokens;
    let best: { sentence: string; score: number } | undefined;
    for (const sentence of sentences) {
      const match = index.conduct.match(sentence).find((m) => m.kind.id === asked.kind.id);
      const named = match?.governed ? 2 : match ? 1 : 0;
      const rules = PROHIBITION_WORDS.test(sentence) || clauseStance(sentence, "") !== "describes";
      const score = named + (rules ? 0.5 : 0) + index.overlap(tokens, sentence);
      if (!best || score > best.score) best = { sentence, score };
    }
    return best?.sentence ?? text;
  }

  private bestSentence(text: string, question: string): string {
    const { index } = this.deps;
    const tokens = index.queryTokens(question).tokens;
    return decisiveSentence(tokens, [text], index)?.sentence ?? text;
  }

  /** The decisive phrase of the sentence, to quote in the explanation (the clause is cited whole). */
  private quote(
    sentence: string,
    question: string,
    verdict: Verdict,
    asked?: KindMatch | undefined,
  ): string {
    const { index } = this.deps;
    // The piece that names the asked conduct is the decisive phrase, whatever words the asker used.
    const named = asked
      ? (index.conduct
          .match(sentence)
          .find((m) => m.kind.id === asked.kind.id)
          ?.cues.filter((c) => c.slot !== "act")
          .flatMap((c) => index.queryTokens(c.text).tokens) ?? [])
      : [];
    return focusQuote(sentence, [...index.queryTokens(question).tokens, ...named], index, {
      max: QUOTE_CHARS,
      mustShow: verdict === "prohibited" ? PROHIBITION_WORDS : undefined,
    });
  }
}

/** A question that asks when, where, who or how: the kind is its topic, not its verdict. */
function asksForFacts(analysis: QuestionAnalysis): boolean {
  return analysis.askedAs === "procedure" || analysis.askedAs === "definition";
}

/** What to search for: the question and the rule words for what it asks (时间, 地点 …). */
export function retrievalQuery(query: string, analysis: QuestionAnalysis): string {
  const attributes = askedAttributes(analysis.text);
  return attributes.length > 0 ? `${query} ${attributes.join(" ")}` : query;
}

/** Retrieval options for a read question: its kinds of conduct. */
export function searchOptions(analysis: QuestionAnalysis): SearchOptions {
  return {
    kinds: weightedKinds(analysis.kinds, analysis.askedAs),
    kindsAsTopic: asksForFacts(analysis),
  };
}

/** Clauses retrieved per question: the citations are chosen among them. */
export const ANSWER_HITS = HITS;

/** How the answer names the conduct: the rules' label and what the asker called it. */
function naming(asked: KindMatch): ConductNaming {
  const terms: string[] = [];
  // What the asker said of the party, the thing and the conduct itself (a pattern's
  // span is not a word they used).
  for (const cue of asked.cues) {
    if (cue.regex || (cue.slot !== "party" && cue.slot !== "object" && cue.slot !== "terms"))
      continue;
    const text = cue.text.trim();
    if (text.length < 2 || text.length > 10 || /^[\d.%％]+$/.test(text)) continue;
    if (terms.some((t) => t.includes(text) || text.includes(t))) continue;
    terms.push(text);
  }
  return { label: asked.kind.label, en: asked.kind.en, askerTerms: terms };
}

/**
 * The decisive sentence comes from the best-ranked clause unless another
 * clause answers the question much more fully.
 */
function preferTopClause(
  best: Decisive | undefined,
  texts: string[],
  tokens: string[],
  focus: string[],
  index: KnowledgeIndex,
): Decisive | undefined {
  if (!best || best.citation === 0 || texts[0] === undefined) return best;
  const top = decisiveSentence(tokens, [texts[0]], index, focus);
  return top && top.score >= best.score * 0.6 ? top : best;
}

/**
 * When the relevant clauses disagree — one reads as permissive, another
 * forbids the act — the prohibition decides: saying "allowed" where a rule
 * forbids does harm, the reverse only costs a question to the compliance office.
 */
function strictestReading(
  decisive: Decisive,
  hits: SearchHit[],
  tokens: string[],
  focus: string[],
  index: KnowledgeIndex,
): Decisive {
  const current = hits[decisive.citation];
  if (!current || clauseStance(decisive.sentence, current.section) === "prohibits") return decisive;
  let strictest: Decisive | undefined;
  hits.forEach((hit, i) => {
    if (i === decisive.citation) return;
    const candidate = decisiveSentence(tokens, [hit.text], index, focus);
    if (!candidate || candidate.score < decisive.score * 0.6) return;
    if (clauseStance(candidate.sentence, hit.section) !== "prohibits") return;
    if (!strictest || candidate.score > strictest.score) strictest = { ...candidate, citation: i };
  });
  return strictest ?? decisive;
}

/**
 * The question quotes a name the best clauses carry word for word (《医疗机构行风建设
 * 自查自纠表》, “九不准”升级版): it is about these documents, however much else it says.
 */
function quotesTheDocuments(question: string, hits: SearchHit[]): boolean {
  const quoted = quotedTerms(question).filter((q) => q.length >= 4);
  if (quoted.length === 0) return false;
  const texts = hits.map((h) => hanOnly(`${h.section}${h.text}`));
  return quoted.some((q) => texts.some((t) => t.includes(q)));
}

/** What the question puts in quotes or title marks, as Han characters (two or more). */
function quotedTerms(question: string): string[] {
  return [...question.matchAll(/[《“「"]([^》”」"]{2,40})[》”」"]/g)]
    .map((m) => hanOnly(m[1] ?? ""))
    .filter((q) => q.length >= 2);
}

/** The clauses that carry a term the question quotes, in retrieval order. */
function carryingQuoted(question: string, hits: SearchHit[]): SearchHit[] {
  const quoted = quotedTerms(question);
  if (quoted.length === 0) return [];
  return hits.filter((h) => {
    const text = hanOnly(`${h.section}${h.text}`);
    return quoted.some((q) => text.includes(q));
  });
}

/**
 * How much of the question the best clauses hold, counted on the question's own
 * words (not the words added to the search). A follow-up is covered when what it
 * newly asks about is in the documents; the earlier question only steered retrieval.
 */
function coverageOf(
  retrieval: Retrieval,
  queryTokens: string[],
  ownTokens: string[],
  index: KnowledgeIndex,
): number {
  const top = retrieval.hits
    .slice(0, 3)
    .map((h) => `${h.section}\n${h.text}`)
    .join("\n");
  const whole = index.overlap(queryTokens, top);
  return ownTokens === queryTokens ? whole : Math.max(whole, index.overlap(ownTokens, top));
}

function verdictFor(
  type: QuestionType,
  stance: ReturnType<typeof clauseStance>,
  sentence: string,
): Verdict {
  switch (type) {
    case "permission":
      // "Can I …?" about regulated conduct: allowed within the rules the clause sets.
      if (stance === "regulates") return "conditional";
      return stance === "prohibits"
        ? "prohibited"
        : stance === "conditions"
          ? "conditional"
          : "info";
    case "consequence":
      return stance === "prohibits"
        ? "prohibited"
        : stance === "conditions"
          ? "conditional"
          : "info";
    case "requirement":
      // "What is required about X?" is answered 禁止 only when the sentence itself forbids X.
      return stance === "prohibits" && /严禁|禁止|不得|不准|严厉打击|严肃查处|严惩/.test(sentence)
        ? "prohibited"
        : "info";
    default:
      return "info";
  }
}

/** The clause's newest appearance predates the newest official document. */
export function isOlderEditionOnly(hit: SearchHit, newestYear: number | undefined): boolean {
  if (newestYear === undefined || hit.year === undefined) return false;
  if (hit.authority !== undefined && hit.authority !== "official") return false;
  const years = [hit.year, ...hit.alsoIn.map((a) => a.year ?? 0)];
  return Math.max(...years) < newestYear;
}

export function toCitation(hit: SearchHit, n: number, sentence: string | undefined): Citation {
  const scan = (hit.quality ?? 1) < LOW_QUALITY;
  return {
    ...(scan ? { scan } : {}),
    n,
    chunkId: hit.chunkId,
    docId: hit.docId,
    title: hit.title,
    year: hit.year,
    issuer: hit.issuer,
    section: hit.section,
    text: sentence ? trimAround(hit.text, sentence) : hit.text,
    fullText: hit.text,
    source: hit.source,
    score: hit.score,
    alsoIn: hit.alsoIn,
  };
}

function notCovered(question: string, language: "zh" | "en", contact: string): Answer {
  return {
    question,
    verdict: "not_covered",
    answer: explain({ verdict: "not_covered", language, contact }),
    citations: [],
    language,
    mode: "offline",
  };
}

/**
 * A follow-up names only what changed ("那学术会议呢？"): retrieval needs the
 * topic of the previous question too.
 */
export function expandFollowUp(question: string, previous: string | undefined): string {
  if (!previous) return question;
  const short = question.replace(/\s/g, "").length <= 16;
  const refersBack =
    /^(那|那么|如果|要是|还有|另外|假如)|呢[？?]?$|这个|这种|上述|同样|what about|and if/i.test(
      question,
    );
  return short && refersBack ? `${previous} ${question}` : question;
}

/** Whether a reply shows a cited clause beside the decisive one, and the phrase it rules with. */
export type ShownBeside = (hit: SearchHit, index: number) => { shown: boolean; ruling?: string };

/** The citation fields a reply reads: left out (offConduct), or its ruling phrase. */
export function asShown(
  decision: ReturnType<ShownBeside>,
): Pick<Citation, "offConduct" | "ruling"> {
  if (!decision.shown) return { offConduct: true };
  return decision.ruling === undefined ? {} : { ruling: decision.ruling };
}
