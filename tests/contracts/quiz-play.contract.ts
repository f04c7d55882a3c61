import { afterEach, describe, expect, it } from "vitest";
import type { AnswerRecord, QuizPlayStore } from "../../bot/features/quiz/ports.js";
import type { QuizBank } from "../../knowledge/ports/quiz-bank.js";
import { question } from "./quiz-bank.contract.js";

export interface QuizPlayFixture {
  play: QuizPlayStore;
  /** The bank on the same storage: answers and reviews name its questions. */
  bank: QuizBank;
  close(): void;
}

export type OpenQuizPlay = () => QuizPlayFixture;

const T = Date.parse("2026-11-24T01:00:00Z");

/** The quiz-play store as every backend must keep it. */
export function quizPlayContract(open: OpenQuizPlay): void {
  let fixture: QuizPlayFixture;
  let play: QuizPlayStore;
  let q: number[];
  const setup = async () => {
    fixture = open();
    play = fixture.play;
    q = (await fixture.bank.add([question("一"), question("二"), question("三")])).map((s) => s.id);
  };
  afterEach(() => fixture.close());

  const answer = (over: Partial<AnswerRecord> = {}): AnswerRecord => ({
    questionId: q[0] ?? 0,
    platform: "telegram",
    userId: "1",
    chatId: "100",
    correct: true,
    context: "practice",
    at: T,
    ...over,
  });

  describe("answers", () => {
    it("records answers and reads back each user's answered questions and totals", async () => {
      await setup();
      await play.recordAnswer(answer({ questionId: q[1] }));
      await play.recordAnswer(answer({ questionId: q[0], correct: false }));
      await play.recordAnswer(answer({ questionId: q[1] }));
      await play.recordAnswer(answer({ userId: "2", questionId: q[2] }));
      await play.recordAnswer(answer({ platform: "slack", questionId: q[2] }));
      expect([...(await play.answeredIds("telegram", "1"))].sort()).toEqual([q[0], q[1]].sort());
      expect(await play.totals("telegram", "1")).toEqual({ answered: 3, correct: 2 });
      expect(await play.totals("telegram", "3")).toEqual({ answered: 0, correct: 0 });
      expect((await play.answeredIds("telegram", "3")).size).toBe(0);
    });

    it("refuses an answer to a question the bank does not have", async () => {
      await setup();
      await expect(play.recordAnswer(answer({ questionId: 9_999 }))).rejects.toThrow();
      expect(await play.totals("telegram", "1")).toEqual({ answered: 0, correct: 0 });
    });
  });

  describe("players", () => {
    it("start with no streak and are saved whole, keeping a known name when none is given", async () => {
      await setup();
      expect(await play.player("telegram", "1")).toStrictEqual({
        streak: 0,
        bestStreak: 0,
        hidden: false,
      });
      await play.savePlayer("telegram", "1", {
        name: "Alice",
        streak: 2,
        bestStreak: 5,
        hidden: false,
      });
      await play.savePlayer("telegram", "1", { streak: 3, bestStreak: 5, hidden: true });
      expect(await play.player("telegram", "1")).toStrictEqual({
        name: "Alice",
        streak: 3,
        bestStreak: 5,
        hidden: true,
      });
      await play.savePlayer("telegram", "2", { streak: 1, bestStreak: 1, hidden: false });
      expect(await play.player("telegram", "2")).toStrictEqual({
        name: undefined,
        streak: 1,
        bestStreak: 1,
        hidden: false,
      });
      expect(await play.player("slack", "1")).toMatchObject({ streak: 0 });
    });
  });

  describe("reviews", () => {
    it("sets, replaces and removes a question's review box", async () => {
      await setup();
      expect(await play.review("telegram", "1", q[0] ?? 0)).toBeUndefined();
      await play.setReview("telegram", "1", q[0] ?? 0, { box: 1, dueAt: T });
      await play.setReview("telegram", "1", q[0] ?? 0, { box: 2, dueAt: T + 10 });
      expect(await play.review("telegram", "1", q[0] ?? 0)).toStrictEqual({
        box: 2,
        dueAt: T + 10,
      });
      expect(await play.review("telegram", "2", q[0] ?? 0)).toBeUndefined();
      expect(await play.pendingReviews("telegram", "1")).toBe(1);
      await play.setReview("telegram", "1", q[0] ?? 0, undefined);
      await play.setReview("telegram", "1", q[1] ?? 0, undefined);
      expect(await play.review("telegram", "1", q[0] ?? 0)).toBeUndefined();
      expect(await play.pendingReviews("telegram", "1")).toBe(0);
      await expect(play.setReview("telegram", "1", 9_999, { box: 1, dueAt: T })).rejects.toThrow();
    });

    it("lists a user's due reviews, soonest first", async () => {
      await setup();
      await play.setReview("telegram", "1", q[0] ?? 0, { box: 1, dueAt: T + 300 });
      await play.setReview("telegram", "1", q[1] ?? 0, { box: 1, dueAt: T + 100 });
      await play.setReview("telegram", "1", q[2] ?? 0, { box: 2, dueAt: T + 200 });
      await play.setReview("telegram", "2", q[2] ?? 0, { box: 2, dueAt: T });
      expect(await play.dueReviews("telegram", "1", T + 250)).toEqual([q[1], q[2]]);
      expect(await play.dueReviews("telegram", "1", T + 300)).toEqual([q[1], q[2], q[0]]);
      expect(await play.dueReviews("telegram", "1", T)).toEqual([]);
      expect(await play.pendingReviews("telegram", "1")).toBe(3);
    });

    it("lists reviews due at the same time by question", async () => {
      await setup();
      await play.setReview("telegram", "1", q[2] ?? 0, { box: 1, dueAt: T });
      await play.setReview("telegram", "1", q[0] ?? 0, { box: 1, dueAt: T });
      await play.setReview("telegram", "1", q[1] ?? 0, { box: 1, dueAt: T });
      expect(await play.dueReviews("telegram", "1", T)).toEqual([q[0], q[1], q[2]]);
    });
  });

  describe("leaderboard", () => {
    it("ranks a chat's players since a time by correct answers, then fewer answers, opted-out players left out", async () => {
      await setup();
      const a = (userId: string, correct: boolean, over: Partial<AnswerRecord> = {}) =>
        play.recordAnswer(answer({ userId, correct, chatId: "-500", ...over }));
      await a("alice", true);
      await a("alice", true);
      await a("alice", false);
      await a("bob", true);
      await a("bob", true);
      await a("carol", true);
      await a("carol", true, { at: T - 1 });
      await a("carol", true, { chatId: "-600" });
      await a("carol", true, { platform: "slack" });
      await a("dave", true);
      await a("dave", true);
      await a("dave", true);
      await play.savePlayer("telegram", "bob", {
        name: "Bob",
        streak: 2,
        bestStreak: 2,
        hidden: false,
      });
      await play.savePlayer("telegram", "dave", { streak: 0, bestStreak: 0, hidden: true });
      expect(await play.leaderboard("telegram", "-500", T, 10)).toStrictEqual([
        { userId: "bob", name: "Bob", correct: 2, answered: 2 },
        { userId: "alice", name: undefined, correct: 2, answered: 3 },
        { userId: "carol", name: undefined, correct: 1, answered: 1 },
      ]);
      expect((await play.leaderboard("telegram", "-500", T, 2)).map((r) => r.userId)).toEqual([
        "bob",
        "alice",
      ]);
      expect(await play.leaderboard("telegram", "-700", T, 10)).toEqual([]);
    });

    it("ranks equal players by user id", async () => {
      await setup();
      for (const userId of ["zed", "amy", "kim"])
        await play.recordAnswer(answer({ userId, chatId: "-500" }));
      expect((await play.leaderboard("telegram", "-500", T, 10)).map((r) => r.userId)).toEqual([
        "amy",
        "kim",
        "zed",
      ]);
    });
  });
}
