import { describe, expect, it } from "vitest";
import { GroupQuizzes } from "../../../../bot/features/quiz/group-quiz.js";
import type { QuizService } from "../../../../bot/features/quiz/quiz-service.js";
import type { OutMessage } from "../../../../bot/kernel/out-message.js";
import type { Sender } from "../../../../bot/kernel/sender.js";
import type { StoredQuestion } from "../../../../knowledge/quiz/question-types.js";
import { ManualScheduler } from "../../../helpers/case-testbed.js";

const question = (id: number): StoredQuestion => ({
  id,
  kind: "single",
  stem: `题目 ${id}`,
  options: ["甲", "乙", "丙", "丁"],
  answer: [0],
  explanation: "依据条款。",
  source: { text: "条款", title: "文件", section: "一" },
  tags: [],
  origin: "generated",
  state: "approved",
  asked: 0,
  correct: 0,
  createdAt: "2026-12-01T00:00:00Z",
});

/** A sender whose sends complete only when the test lets them. */
class HeldSender implements Sender {
  readonly platform = "slack";
  readonly sent: OutMessage[] = [];
  private readonly waiting: (() => void)[] = [];
  send(_chat: string, message: OutMessage): Promise<{ messageIds: string[] }> {
    this.sent.push(message);
    return new Promise((resolve) => this.waiting.push(() => resolve({ messageIds: ["1"] })));
  }
  release(): void {
    for (const go of this.waiting.splice(0)) go();
  }
}

describe("starting a group round", () => {
  it("is not active — nothing can close a question — until its first question is out and timed", async () => {
    const scheduler = new ManualScheduler();
    const sender = new HeldSender();
    const quiz = {
      pickForGroup: () => [question(1), question(2)],
      answer: () => ({ correct: true }),
    } as unknown as QuizService;
    const rounds = new GroupQuizzes({
      quiz,
      senders: new Map([["slack", sender]]),
      scheduler,
      log: () => undefined,
      now: () => 0,
      secondsPerQuestion: 30,
    });
    const starting = rounds.start("slack", "C1", 2, "zh");
    // Picking the questions is asynchronous; let it settle without any timer.
    for (let i = 0; i < 20 && sender.sent.length === 0; i++) await Promise.resolve();
    // The first question is on its way: the round is starting, not open.
    expect(sender.sent).toHaveLength(1);
    expect(rounds.active("slack", "C1")).toBe(false);
    expect(await rounds.start("slack", "C1", 2, "zh")).toBe("running");
    // A close arriving now (a stray timer) must not skip the question being sent.
    await rounds.closeQuestion("slack", "C1");
    expect(sender.sent).toHaveLength(1);
    sender.release();
    expect(await starting).toBe("started");
    expect(rounds.active("slack", "C1")).toBe(true);
    expect(scheduler.pending()).toBe(1);
    expect(rounds.currentQuestion("slack", "C1")).toBe(1);
  });
});
