import type { KnowledgeIndex } from "../index/knowledge-index.js";
import type { HybridRetriever, Retrieval } from "../retrieval/hybrid-retriever.js";
import type { SearchHit } from "../types.js";
import type { Answer, Citation, Verdict } from "./answer-types.js";
import { clauseStance } from "./clause-stance.js";
import { type Decisive, decisiveSentence, focusQuote, trimAround } from "./decisive-sentence.js";
import { explain } from "./explain.js";
import { type QuestionType, questionLanguage, questionType } from "./question-type.js";
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

/** Words that carry a prohibition, shown in a quote that names it. */
const PROHIBITION_WORDS =
  /严禁|禁止|不得|不准|严肃查处|严厉打击|严惩|查处|打击|违法违规行为|违规行为|违纪/;

/** Below this share of the question found in the best clauses, the documents do not cover it. */
export const MIN_COVERAGE = 0.5;

/**
 * The extractive answer: verdict from what the retrieved clauses say, an
 * explanation that quotes the decisive sentence, 1–3 citations. Never invents
 * a rule: with too little of the question in the documents it abstains.
 */
export class OfflineAnswerer {
  constructor(private readonly deps: OfflineAnswererDeps) {}

  async answer(
    question: string,
    options: AnswerOptions = {},
  ): Promise<Answer & { retrieval: Retrieval }> {
    const language = questionLanguage(question);
    const query = expandFollowUp(question, options.previousQuestion);
    const retrieval = await this.deps.retriever.search(query, 5);
    return { ...this.compose(question, language, retrieval, query), retrieval };
  }

  /** Builds the answer from a retrieval; also the fallback of the LLM answerer. */
  compose(question: string, language: "zh" | "en", retrieval: Retrieval, query = question): Answer {
    const { index, contact } = this.deps;
    const tokens = retrieval.queryTokens;
    const ownTokens = query === question ? tokens : index.queryTokens(question).tokens;
    if (retrieval.hits.length === 0 || coverageOf(retrieval, ownTokens, index) < MIN_COVERAGE) {
      return notCovered(question, language, contact);
    }
    // A clause that addresses the reader like a prompt is not a rule: never cite it.
    const trusted = retrieval.hits.filter((h) => !looksLikeInstructions(h.text));
    if (trusted.length === 0) return notCovered(question, language, contact);
    const relevance = trusted.map((h) => index.overlap(tokens, `${h.section}\n${h.text}`));
    const best = Math.max(...relevance);
    // Retrieval order is the best evidence of relevance; word overlap only drops noise.
    const chosen = trusted.filter((_, i) => (relevance[i] ?? 0) >= best * 0.6).slice(0, 3);
    // In a follow-up, the decisive sentence is about what the follow-up names.
    const focus = query === question ? [] : ownTokens;
    // "那出国旅游呢？" asks the same kind of question as the one it follows.
    const own = questionType(question);
    const type = own === "fact" && query !== question ? questionType(query) : own;
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
    const citations = cited.map((hit, i) => ({
      ...toCitation(hit, i + 1, decisive?.citation === i ? decisive.sentence : undefined),
      olderEditionOnly: isOlderEditionOnly(hit, retrieval.newestYear),
    }));
    const decisiveCitation = citations[decisive?.citation ?? 0];
    const sentence = decisive?.sentence ?? decisiveCitation?.text ?? "";
    const verdict = verdictFor(
      type,
      clauseStance(sentence, decisiveCitation?.section ?? ""),
      sentence,
    );
    return {
      question,
      verdict,
      answer: explain({
        verdict,
        language,
        decisive: decisiveCitation
          ? {
              citation: decisiveCitation,
              sentence: focusQuote(sentence, focus.length > 0 ? focus : tokens, index, {
                mustShow: verdict === "prohibited" ? PROHIBITION_WORDS : undefined,
              }),
            }
          : undefined,
        contact,
        permission: type === "permission",
      }),
      citations,
      language,
      mode: "offline",
    };
  }
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
 * A follow-up is covered when what it newly asks about is in the documents;
 * the earlier question only steered retrieval.
 */
function coverageOf(retrieval: Retrieval, ownTokens: string[], index: KnowledgeIndex): number {
  if (ownTokens === retrieval.queryTokens) return retrieval.coverage;
  const top = retrieval.hits.slice(0, 3).map((h) => `${h.section}\n${h.text}`);
  return Math.max(retrieval.coverage, index.overlap(ownTokens, top.join("\n")));
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
  const years = [hit.year, ...hit.alsoIn.map((a) => a.year ?? 0)];
  return Math.max(...years) < newestYear;
}

export function toCitation(hit: SearchHit, n: number, sentence: string | undefined): Citation {
  return {
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
