import { splitSentences } from "../../lib/text/sentences.js";
import { isQingfengError, QingfengError } from "../errors.js";
import type { ChatModel, ChatRequest } from "../ports/chat-model.js";
import type { Retrieval, SearchOptions } from "../retrieval/hybrid-retriever.js";
import type { SearchHit } from "../types.js";
import type { Answerer } from "./answer-service.js";
import type { Answer, Citation } from "./answer-types.js";
import { clauseStance, prohibitionWords } from "./clause-stance.js";
import { explain } from "./explain.js";
import {
  type ModelAnswer,
  parseModelAnswer,
  parseRewrite,
  promptLeak,
  renumberMarkers,
  unsupportedQuote,
} from "./llm-output.js";
import { answerPrompt, newCanary, newNonce, rewritePrompt } from "./llm-prompt.js";
import type { LlmQuestionMapper } from "./llm-question-mapper.js";
import {
  ANSWER_HITS,
  type AnswerOptions,
  asShown,
  expandFollowUp,
  type OfflineAnswerer,
  retrievalQuery,
  type ShownBeside,
  searchOptions,
  toCitation,
} from "./offline-answerer.js";
import type { QuestionAnalysis } from "./question-analysis.js";
import { looksLikeInstructions } from "./untrusted-text.js";

export interface LlmAnswererDeps {
  /** Composes the fallback answer, and the verdict the safety net compares with. */
  offline: OfflineAnswerer;
  retriever: {
    search(query: string, k?: number, options?: SearchOptions): Promise<Retrieval>;
  };
  chat: ChatModel;
  /** Reads questions the offline conduct model could not map (kinds and a formal query). */
  mapper?: LlmQuestionMapper | undefined;
  /** Model time per question, rewrite included; past it the offline answer is given. */
  timeoutMs: number;
  /** Whom to ask when the documents are silent. */
  contact: string;
  log?: (
    level: "debug" | "info" | "warn" | "error",
    msg: string,
    fields?: Record<string, unknown>,
  ) => void;
}

/** Clauses shown to the model: enough to choose from, few enough to read closely. */
const MODEL_CLAUSES = 5;
/** Share of the time budget the question mapping may use: the answer needs the rest. */
const MAPPING_SHARE = 0.3;
/** Share of the time budget a follow-up rewrite may use: the answer needs the rest. */
const REWRITE_SHARE = 0.4;

/**
 * Answers written by a chat model from the retrieved clauses only, validated
 * strictly. Whenever the model fails — error, timeout, invalid or leaking
 * output, a citation of a clause it was not given — the offline answer from
 * the same retrieval is returned with `fallbackReason`. When the documents do
 * not cover the question the model is not asked at all.
 *
 * Safety net: when the offline reading of the same clauses is "prohibited"
 * and the model says anything else, the whole offline answer is given (mode
 * "offline", fallbackReason LLM_OVERRULED …). The model's text is dropped, not
 * prefixed: an explanation arguing "allowed" under a 禁止 label would mislead,
 * and a model that softens a prohibition may have been steered by the text it read.
 * A model's not_covered stands otherwise (mode "llm", the standard abstention
 * naming whom to ask): declining to answer is never the harmful mistake.
 */
export class LlmAnswerer implements Answerer {
  /** Per instance: seeing it in an output proves the system prompt leaked. */
  private readonly canary = newCanary();

  constructor(private readonly deps: LlmAnswererDeps) {}

  async answer(
    question: string,
    options: AnswerOptions = {},
  ): Promise<Answer & { retrieval: Retrieval }> {
    const { offline, retriever, timeoutMs } = this.deps;
    const rewriteStarted = Date.now();
    const rewritten = await this.standalone(question, options.previousQuestion);
    const rewriteSpent = Date.now() - rewriteStarted;
    const read = offline.analyze(question, undefined, rewritten);
    const { analysis, searched, spentMs } = await this.mapped(read.analysis, read.query, timeoutMs);
    // The model gets timeoutMs per question in all: what a rewrite or a mapping spent,
    // the answer cannot.
    const budget = timeoutMs - rewriteSpent - spentMs;
    const query = read.query;
    const language = analysis.language;
    const retrieval = await retriever.search(searched, ANSWER_HITS, searchOptions(analysis));
    const fallback = await offline.compose(question, { analysis, query, retrieval });
    // The offline composer abstains when too little of the question is in the clauses: never guess.
    if (fallback.verdict === "not_covered") return { ...fallback, retrieval };
    // A question that talks to the assistant is answered from the rules alone: the model
    // sees only a question whose instructions could be taken out, and then without them.
    if (looksLikeInstructions(analysis.text)) return { ...fallback, retrieval };

    // Instruction-like text is never cited offline; the model does not see it either.
    // The clauses the offline answer rests on come first, so the model sees the decisive rule.
    const cited = new Set(fallback.citations.map((c) => c.chunkId));
    const clauses = [
      ...retrieval.hits.filter((h) => cited.has(h.chunkId)),
      ...retrieval.hits.filter((h) => !cited.has(h.chunkId)),
    ]
      .filter((h) => !looksLikeInstructions(h.text))
      .slice(0, MODEL_CLAUSES);
    const request = answerPrompt({
      question: analysis.instructionsRemoved ? analysis.text : query,
      clauses,
      language,
      canary: this.canary,
      nonce: newNonce(),
    });
    let model: ModelAnswer;
    try {
      model = this.validate(await this.complete(request, budget), request, clauses);
    } catch (error) {
      return { ...this.fellBack(fallback, reasonOf(error)), retrieval };
    }
    if (fallback.verdict === "prohibited" && model.verdict !== "prohibited") {
      const reason = `LLM_OVERRULED: the model answered "${model.verdict}" where the clauses prohibit the act`;
      return { ...this.fellBack(fallback, reason), retrieval };
    }
    const answer = await this.compose(question, language, model, clauses, {
      offlineCitations: fallback.citations,
      newestYear: retrieval.newestYear,
      // The model chose its clauses by reading them; with a kind asked, a reply still
      // shows beside the first only those that rule on it.
      shown:
        analysis.kinds.length > 0
          ? offline.shownBeside(0, analysis.kinds)
          : () => ({ shown: true }),
    });
    return { ...answer, retrieval };
  }

  /**
   * The offline reading, completed by the model's when the conduct model named
   * no kind: the model's kinds (validated against the catalogue) and its
   * restatement in the rules' wording join the search. Any failure keeps the
   * offline reading; a question with instructions in it is never shown to the model.
   */
  private async mapped(
    analysis: QuestionAnalysis,
    query: string,
    timeoutMs: number,
  ): Promise<{ analysis: QuestionAnalysis; searched: string; spentMs: number }> {
    const offlineSearch = retrievalQuery(query, analysis);
    const { mapper } = this.deps;
    if (!mapper || analysis.kinds.length > 0 || looksLikeInstructions(query)) {
      return { analysis, searched: offlineSearch, spentMs: 0 };
    }
    const started = Date.now();
    const offlineReading = () => ({
      analysis,
      searched: offlineSearch,
      spentMs: Date.now() - started,
    });
    try {
      const reading = await mapper.read(query, timeoutMs * MAPPING_SHARE);
      if (reading.kinds.length === 0) return offlineReading();
      return {
        analysis: { ...analysis, kinds: reading.kinds },
        searched: reading.query ? `${offlineSearch} ${reading.query}` : offlineSearch,
        spentMs: Date.now() - started,
      };
    } catch (error) {
      this.deps.log?.("warn", "question mapping by the model failed; answering offline", {
        reason: reasonOf(error),
        model: this.deps.chat.id,
      });
      return offlineReading();
    }
  }

  /**
   * The question retrieval should use: a follow-up ("那学术会议呢？") rewritten
   * by the model into a standalone question, or joined to the previous one
   * the offline way when the model cannot.
   */
  private async standalone(question: string, previous: string | undefined): Promise<string> {
    const expanded = expandFollowUp(question, previous);
    if (expanded === question || previous === undefined) return question;
    const request = rewritePrompt({
      previous,
      followUp: question,
      canary: this.canary,
      nonce: newNonce(),
    });
    try {
      const raw = await this.complete(request, this.deps.timeoutMs * REWRITE_SHARE);
      const leak = promptLeak(raw, request.system, this.canary);
      if (leak) throw new QingfengError("LLM_INVALID_OUTPUT", leak);
      return parseRewrite(raw);
    } catch (error) {
      this.deps.log?.("warn", "follow-up rewrite failed; joining the questions instead", {
        reason: reasonOf(error),
        model: this.deps.chat.id,
      });
      return expanded;
    }
  }

  /** One model call that settles by `timeoutMs` even when the adapter ignores the abort. */
  private async complete(request: ChatRequest, timeoutMs: number): Promise<string> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new QingfengError(
          "LLM_TIMEOUT",
          `no answer from ${this.deps.chat.id} within ${Math.round(timeoutMs)} ms (QINGFENG_LLM_TIMEOUT_MS)`,
        );
        controller.abort(error);
        reject(error);
      }, timeoutMs);
    });
    try {
      return await Promise.race([
        this.deps.chat.completeJson(request, { timeoutMs, signal: controller.signal }),
        deadline,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Everything parseModelAnswer checks, plus what needs the prompt and the clauses. */
  private validate(raw: string, request: ChatRequest, clauses: SearchHit[]): ModelAnswer {
    const invalid = (message: string) => new QingfengError("LLM_INVALID_OUTPUT", message);
    const rawLeak = promptLeak(raw, request.system, this.canary);
    if (rawLeak) throw invalid(rawLeak);
    const model = parseModelAnswer(raw, clauses.length);
    const leak = promptLeak(model.explanation, request.system, this.canary);
    if (leak) throw invalid(leak);
    const sources = clauses.map((h) => `${h.title}\n${h.section}\n${h.text}`);
    const quote = unsupportedQuote(model.explanation, sources);
    if (quote !== undefined)
      throw invalid(`the explanation quotes text no clause contains: “${quote}”`);
    if (model.verdict === "prohibited") {
      const cited = model.citations.map((n) => clauses[n - 1]).filter((h) => h !== undefined);
      // A section that lists forbidden conduct (整治内容 …) makes each of its clauses a prohibition.
      const forbids = cited.some(
        (h) =>
          prohibitionWords(h.text) !== undefined || clauseStance("", h.section) === "prohibits",
      );
      if (!forbids) throw invalid("the verdict is prohibited but no cited clause forbids anything");
    }
    return model;
  }

  /** The model's answer with its citations renumbered 1..k in the order cited. */
  private async compose(
    question: string,
    language: "zh" | "en",
    model: ModelAnswer,
    clauses: SearchHit[],
    context: {
      offlineCitations: Citation[];
      newestYear: number | undefined;
      shown: ShownBeside;
    },
  ): Promise<Answer> {
    if (model.verdict === "not_covered") {
      return {
        question,
        verdict: "not_covered",
        answer: explain({ verdict: "not_covered", language, contact: this.deps.contact }),
        citations: [],
        language,
        mode: "llm",
      };
    }
    const renumber = new Map(model.citations.map((old, i) => [old, i + 1]));
    const cited = await Promise.all(
      model.citations.map(async (old, i) => {
        const hit = clauses[old - 1];
        if (!hit) return [];
        const citation = toCitation(hit, i + 1, quotedSentence(model.explanation, hit.text));
        // Without a quote to trim around, the offline trim of the same clause is the best excerpt.
        const offline = context.offlineCitations.find((c) => c.chunkId === hit.chunkId);
        const text = citation.text === hit.text && offline ? offline.text : citation.text;
        const { alsoIn, olderEditionOnly } = await this.deps.offline.edition(
          hit,
          context.newestYear,
        );
        const aside = asShown(context.shown(hit, i));
        return [{ ...citation, text, alsoIn, olderEditionOnly, ...aside }];
      }),
    );
    const citations = cited.flat();
    let answer = renumberMarkers(model.explanation, renumber);
    const older = citations.filter((c) => c.olderEditionOnly).map((c) => `[${c.n}]`);
    if (older.length > 0) {
      answer +=
        language === "en"
          ? ` (Note: ${older.join("")} only appear in older editions; newer documents do not repeat them.)`
          : `（注：${older.join("")}仅见于较早年份的文件，较新的文件未见相同表述，请留意是否仍然适用。）`;
    }
    return { question, verdict: model.verdict, answer, citations, language, mode: "llm" };
  }

  private fellBack(offline: Answer, reason: string): Answer {
    this.deps.log?.("warn", "LLM answer rejected; answering offline", {
      reason,
      model: this.deps.chat.id,
    });
    return { ...offline, mode: "offline", fallbackReason: reason };
  }
}

/** The sentence of a clause that the explanation quotes, to trim the citation around. */
function quotedSentence(explanation: string, clause: string): string | undefined {
  for (const match of explanation.matchAll(/[“「『"]([^”」』"]{4,400})[”」』"]/g)) {
    const quote = (match[1] ?? "").split(/…|\.{3}|⋯/)[0]?.trim() ?? "";
    if (quote.length < 4 || !clause.includes(quote)) continue;
    return splitSentences(clause).find((s) => s.includes(quote)) ?? quote;
  }
  return undefined;
}

/** "CODE: message" — a stable code first, for logs and eval reports. */
function reasonOf(error: unknown): string {
  if (isQingfengError(error)) return `${error.code}: ${error.message}`;
  return `LLM_FAILED: ${error instanceof Error ? error.message : String(error)}`;
}
