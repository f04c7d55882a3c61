import { createHash } from "node:crypto";
import { charCount } from "../../lib/text/char-count.js";
import { QingfengError } from "../errors.js";
import type { AnswerRecords, CuratedAnswer, FeedbackItem } from "../ports/answer-records.js";
import type { KnowledgeStore } from "../ports/knowledge-store.js";
import { hitFromChunk } from "../retrieval/hybrid-retriever.js";
import type { Answer, Verdict } from "./answer-types.js";
import { toCitation } from "./offline-answerer.js";
import { questionSimilarity } from "./question-similarity.js";
import { questionLanguage } from "./question-type.js";
import { inferVerdict, textStance, VERDICTS_FOR_STANCE } from "./stated-verdict.js";

/** Anything that answers a question (offline extractive, or LLM with offline fallback). */
export interface Answerer {
  answer(question: string, options?: { previousQuestion?: string | undefined }): Promise<Answer>;
}

export interface AskContext {
  previousQuestion?: string | undefined;
  platform?: string | undefined;
  /** Platform user id; stored only when identity storage is on. */
  asker?: string | undefined;
}

export interface ServiceAnswer extends Answer {
  /** Id for feedback (👍/👎) on this answer. */
  id: number;
  curatedId?: number | undefined;
}

export interface AnswerServiceDeps {
  answerer: Answerer;
  records: AnswerRecords;
  store: KnowledgeStore;
  storeIdentity: boolean;
  /** Per-installation salt, so raters can be de-duplicated without storing who they are. */
  salt: string;
  /** How alike a question must be to a curated pattern to get its answer. */
  curatedThreshold?: number;
}

/** Longest question accepted: a pasted document is not a question. */
export const MAX_QUESTION_CHARS = 1000;

/**
 * The Ask feature's one entry point: curated answers first, then the answerer;
 * every answer recorded (without the asker unless configured) so it can be
 * rated, reviewed and corrected by pinning a curated answer.
 */
export class AnswerService {
  private readonly threshold: number;
  /** The tail of the resolutions in flight: one at a time, so a 👎 is never resolved twice. */
  private resolving: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: AnswerServiceDeps) {
    this.threshold = deps.curatedThreshold ?? 0.75;
  }

  async ask(question: string, ctx: AskContext = {}): Promise<ServiceAnswer> {
    const q = question.trim();
    if (q === "") throw new QingfengError("BAD_INPUT", "请输入问题。/ Please type a question.");
    const length = charCount(q);
    if (length > MAX_QUESTION_CHARS) {
      throw new QingfengError(
        "BAD_INPUT",
        `问题太长（${length} 字），请用一两句话提问（不超过 ${MAX_QUESTION_CHARS} 字）。`,
      );
    }
    const curated = await this.matchCurated(q);
    const answer = curated
      ? await this.curatedAnswer(q, curated)
      : await this.deps.answerer.answer(q, { previousQuestion: ctx.previousQuestion });
    const id = await this.deps.records.record(answer, {
      topic: topicOf(answer),
      platform: ctx.platform,
      asker: this.deps.storeIdentity ? ctx.asker : undefined,
      curatedId: curated?.id,
    });
    return { ...stripInternals(answer), id, curatedId: curated?.id };
  }

  /** 👍 (1) or 👎 (-1), optionally with a reason; one rating per rater and answer. */
  async rate(
    answerId: number,
    rating: 1 | -1,
    reason?: string,
    rater?: string,
  ): Promise<FeedbackItem> {
    const key = rater === undefined ? undefined : this.raterKey(rater);
    return this.deps.records.rate(answerId, rating, reason?.slice(0, 500), key);
  }

  /**
   * Pins a vetted answer to a question pattern. Without a verdict, the one the
   * answer states is taken; a verdict the answer's words contradict is refused.
   */
  async pin(input: {
    pattern: string;
    verdict?: Verdict | undefined;
    answer: string;
    chunkIds: number[];
    by?: string | undefined;
  }): Promise<CuratedAnswer> {
    const verdict = verdictForAnswer(input.answer, input.verdict);
    const found = new Set((await this.deps.store.getChunks(input.chunkIds)).map((c) => c.id));
    const missing = input.chunkIds.filter((id) => !found.has(id));
    if (missing.length > 0) {
      throw new QingfengError("BAD_INPUT", `Unknown clause ids: ${missing.join(", ")}.`);
    }
    if (verdict !== "not_covered" && input.chunkIds.length === 0) {
      throw new QingfengError("BAD_INPUT", `A ${verdict} answer must cite at least one clause.`, {
        hint: 'Give the clauses it rests on with --cite 12,34 (the "chunkId" of citations in `qingfeng ask --json`).',
      });
    }
    return this.deps.records.addCurated({
      pattern: input.pattern.trim(),
      verdict,
      answer: input.answer.trim(),
      chunkIds: input.chunkIds,
      createdBy: input.by,
    });
  }

  /**
   * Resolves a 👎 by pinning a corrected standard answer to the question that
   * got it; the original citations are kept unless new ones are given. The
   * verdict is the one given or the one the corrected text states, never the
   * old answer's: the 👎 may be about the verdict itself.
   */
  resolve(
    feedbackId: number,
    correction: { answer: string; verdict?: Verdict; chunkIds?: number[]; by?: string },
  ): Promise<{ feedback: FeedbackItem; curated: CuratedAnswer }> {
    // Between finding the 👎 open and marking it resolved lie awaits: a second
    // resolution of the same 👎 must wait, then find it resolved, not pin twice.
    const done = this.resolving.then(() => this.resolveNow(feedbackId, correction));
    this.resolving = done.catch(() => undefined);
    return done;
  }

  private async resolveNow(
    feedbackId: number,
    correction: { answer: string; verdict?: Verdict; chunkIds?: number[]; by?: string },
  ): Promise<{ feedback: FeedbackItem; curated: CuratedAnswer }> {
    const open = (await this.deps.records.openReviews()).find((f) => f.id === feedbackId);
    if (!open) {
      throw new QingfengError(
        "NOT_FOUND",
        `No open 👎 feedback #${feedbackId} (see \`qingfeng feedback list\`).`,
      );
    }
    const curated = await this.pin({
      pattern: open.answer.question,
      verdict: correction.verdict,
      answer: correction.answer,
      chunkIds: correction.chunkIds ?? open.answer.chunkIds,
      by: correction.by,
    });
    const feedback = await this.deps.records.resolve(feedbackId, `curated #${curated.id}`);
    return { feedback, curated };
  }

  private async matchCurated(question: string): Promise<CuratedAnswer | undefined> {
    let best: { curated: CuratedAnswer; score: number } | undefined;
    for (const curated of await this.deps.records.listCurated()) {
      const score = questionSimilarity(question, curated.pattern);
      if (score >= this.threshold && (!best || score > best.score)) best = { curated, score };
    }
    return best?.curated;
  }

  private async curatedAnswer(question: string, curated: CuratedAnswer): Promise<Answer> {
    const language = questionLanguage(question);
    const chunks = await this.deps.store.getChunks(curated.chunkIds);
    const citations = chunks.map((chunk, i) =>
      toCitation(hitFromChunk(chunk, 1), i + 1, undefined),
    );
    const note =
      language === "en"
        ? "(Standard answer vetted by the compliance office.)"
        : "（标准答案，经管理员审核）";
    return {
      question,
      verdict: curated.verdict,
      answer: `${note}${curated.answer}`,
      citations,
      language,
      mode: "curated",
    };
  }

  private raterKey(rater: string): string {
    if (this.deps.storeIdentity) return rater;
    return createHash("sha256").update(`${this.deps.salt}:${rater}`).digest("hex").slice(0, 32);
  }
}

/** The verdict to pin with an answer: the one given, checked against the text, or the one the text states. */
export function verdictForAnswer(answer: string, given: Verdict | undefined): Verdict {
  const stance = textStance(answer);
  if (given === undefined) {
    const inferred = inferVerdict(answer);
    if (inferred === undefined)
      throw new QingfengError(
        "VERDICT_UNCLEAR",
        `Cannot tell the verdict from the answer "${excerpt(answer)}": give --verdict.`,
      );
    return inferred;
  }
  if (stance !== undefined && !VERDICTS_FOR_STANCE[stance].includes(given))
    throw new QingfengError(
      "VERDICT_CONTRADICTS_ANSWER",
      `The answer "${excerpt(answer)}" reads as ${stance.replace("_", " ")}, but the verdict given is ${given}: it would be shown as a contradiction.`,
    );
  return given;
}

function excerpt(text: string): string {
  const t = text.trim();
  return t.length > 30 ? `${t.slice(0, 30)}…` : t;
}

/** The topic an answer is counted under in analytics: the clause heading it rests on. */
function topicOf(answer: Answer): string | undefined {
  const first = answer.citations[0];
  if (!first) return undefined;
  const last = first.section.split(" > ").at(-1) ?? "";
  // A table row's own label is just its number: the table names the topic then.
  const han = last.match(/\p{Script=Han}/gu)?.length ?? 0;
  return han >= 4 ? last : first.section || first.title;
}

function stripInternals(answer: Answer): Answer {
  const { retrieval: _r, ...rest } = answer as Answer & { retrieval?: unknown };
  return rest;
}
