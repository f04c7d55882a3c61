import type { ConductMatcher } from "../../../knowledge/conduct/conduct-matcher.js";
import type { QuizBank } from "../../../knowledge/ports/quiz-bank.js";
import type { StoredQuestion } from "../../../knowledge/quiz/question-types.js";
import { generateInto } from "../../../knowledge/quiz/quiz-curator.js";
import type { StoredChunk } from "../../../knowledge/types.js";
import type { Platform } from "../../kernel/events.js";
import type { Lang } from "../../kernel/i18n.js";
import { nextReview } from "./leitner.js";
import type { LeaderboardRow, QuizPlayStore } from "./ports.js";

export interface AnswerOutcome {
  question: StoredQuestion;
  correct: boolean;
  streak: number;
  /** When the question comes back for review, if it does. */
  reviewDueAt?: number | undefined;
}

const WEEK = 7 * 86_400_000;

/**
 * Playing the approved bank: what to ask next (due reviews first, then
 * unseen questions), scoring an answer (streaks, difficulty statistics,
 * Leitner review), a player's standing and the weekly group leaderboard.
 */
export class QuizService {
  constructor(
    private readonly d: {
      bank: QuizBank;
      play: QuizPlayStore;
      now: () => number;
      /** The conduct model questions are generated and validated with (default: shipped). */
      conduct?: ConductMatcher | undefined;
      /** Who a learner is (临床, 护理 …), from their roster department; undefined when unknown. */
      audienceOf?:
        | ((platform: Platform, userId: string) => Promise<string | undefined>)
        | undefined;
    },
  ) {}

  /** A kind of conduct as people read it: the catalogue's label (zh) or English words. */
  conductName(id: string | undefined, lang: Lang): string | undefined {
    const kind = id ? this.d.conduct?.catalogue.get(id) : undefined;
    if (!kind) return id;
    return lang === "zh" ? kind.label : kind.en || kind.id;
  }

  /** Every approved question, administrators' facts included (the bank as admins see it). */
  async approved(tags: string[] = []): Promise<StoredQuestion[]> {
    return await this.d.bank.list({ state: "approved", tags });
  }

  /**
   * Approved questions staff may be asked: with tags, any of them; with
   * audiences, only questions tagged for one of them; task-table facts only
   * when an admin asks for them.
   */
  async forStaff(
    filter: { tags?: string[]; audiences?: string[]; includeAdminOnly?: boolean } = {},
  ): Promise<StoredQuestion[]> {
    const audiences = filter.audiences ?? [];
    return (await this.approved(filter.tags ?? [])).filter(
      (q) =>
        (filter.includeAdminOnly || !q.adminOnly) &&
        (audiences.length === 0 || (q.audiences ?? []).some((a) => audiences.includes(a))),
    );
  }

  /** Drafts new questions from the corpus into the bank (admins review them before use). */
  async generate(
    chunks: StoredChunk[],
  ): Promise<{ added: number; nearDuplicates: number; alreadyInBank: number }> {
    const report = await generateInto(this.d.bank, chunks, undefined, { conduct: this.d.conduct });
    return {
      added: report.added.length,
      nearDuplicates: report.nearDuplicates,
      alreadyInBank: report.alreadyInBank,
    };
  }

  async approveAllDrafts(): Promise<number> {
    const drafts = await this.drafts();
    return (
      await this.d.bank.setState(
        drafts.map((q) => q.id),
        "approved",
      )
    ).length;
  }

  async drafts(): Promise<StoredQuestion[]> {
    return await this.d.bank.list({ state: "draft" });
  }

  /** Approves or retires a question; false when it already was. */
  async review(id: number, state: "approved" | "retired"): Promise<boolean> {
    return (await this.d.bank.setState([id], state)).length > 0;
  }

  async get(id: number): Promise<StoredQuestion | undefined> {
    return await this.d.bank.get(id);
  }

  /**
   * Next practice question: a review that is due, else one never answered,
   * else any — from the questions for the learner's audience (their roster
   * department) when there are any, never administrators' task-table facts.
   */
  async nextPractice(platform: Platform, userId: string): Promise<StoredQuestion | undefined> {
    const staff = await this.forStaff();
    if (staff.length === 0) return undefined;
    const byId = new Map(staff.map((q) => [q.id, q]));
    for (const id of await this.d.play.dueReviews(platform, userId, this.d.now())) {
      const q = byId.get(id);
      if (q) return q;
    }
    const audience = await this.d.audienceOf?.(platform, userId);
    const mine = audience ? staff.filter((q) => (q.audiences ?? []).includes(audience)) : [];
    const approved = mine.length > 0 ? mine : staff;
    const answered = await this.d.play.answeredIds(platform, userId);
    const unseen = approved.filter((q) => !answered.has(q.id));
    const pool = unseen.length > 0 ? unseen : approved;
    return pool[(this.d.now() + userId.length) % pool.length];
  }

  /** Single-answer staff questions for a group round, spread over kinds. */
  async pickForGroup(count: number, seed: number): Promise<StoredQuestion[]> {
    const pool = (await this.forStaff()).filter((q) => q.answer.length === 1);
    const picked: StoredQuestion[] = [];
    let i = seed % Math.max(1, pool.length);
    while (picked.length < Math.min(count, pool.length)) {
      const q = pool[i % pool.length];
      if (q && !picked.includes(q)) picked.push(q);
      i += 7;
      if (i > pool.length * 16) break;
    }
    return picked;
  }

  async answer(input: {
    platform: Platform;
    userId: string;
    name?: string | undefined;
    chatId: string;
    questionId: number;
    choice: number[];
    context: string;
  }): Promise<AnswerOutcome | undefined> {
    const question = await this.d.bank.get(input.questionId);
    if (!question) return undefined;
    const now = this.d.now();
    const correct = sameSet(input.choice, question.answer);
    await this.d.bank.recordAnswer(question.id, correct);
    await this.d.play.recordAnswer({ ...input, correct, at: now });
    const player = await this.d.play.player(input.platform, input.userId);
    const streak = correct ? player.streak + 1 : 0;
    await this.d.play.savePlayer(input.platform, input.userId, {
      ...player,
      name: input.name ?? player.name,
      streak,
      bestStreak: Math.max(player.bestStreak, streak),
    });
    const review = nextReview(
      await this.d.play.review(input.platform, input.userId, question.id),
      correct,
      now,
    );
    await this.d.play.setReview(input.platform, input.userId, question.id, review);
    return { question, correct, streak, reviewDueAt: review?.dueAt };
  }

  async standing(platform: Platform, userId: string) {
    const player = await this.d.play.player(platform, userId);
    return {
      ...(await this.d.play.totals(platform, userId)),
      ...player,
      reviews: await this.d.play.pendingReviews(platform, userId),
    };
  }

  async setHidden(platform: Platform, userId: string, hidden: boolean): Promise<void> {
    const player = await this.d.play.player(platform, userId);
    await this.d.play.savePlayer(platform, userId, { ...player, hidden });
  }

  async weeklyLeaderboard(platform: Platform, chatId: string): Promise<LeaderboardRow[]> {
    return await this.d.play.leaderboard(platform, chatId, this.d.now() - WEEK, 10);
  }
}

export function sameSet(a: number[], b: number[]): boolean {
  const x = new Set(a);
  return x.size === new Set(b).size && b.every((i) => x.has(i));
}
