import type { StoredQuestion } from "../../../knowledge/quiz/question-types.js";
import type { Platform, UserRef } from "../../kernel/events.js";
import type { Lang } from "../../kernel/i18n.js";
import type { Log } from "../../kernel/log.js";
import type { OutMessage } from "../../kernel/out-message.js";
import type { Scheduler } from "../../kernel/scheduler.js";
import type { Sender } from "../../kernel/sender.js";
import type { QuizService } from "./quiz-service.js";
import { correctText, displayOrder, questionMessage } from "./render-question.js";
import { quizStrings } from "./strings.js";

/** Runs a callback later; tests fire it by hand instead of waiting. */
interface Session {
  platform: Platform;
  chatId: string;
  /** The group's language when the round started: its frame (headers, tallies) speaks it. */
  lang: Lang;
  questions: StoredQuestion[];
  index: number;
  order: number[];
  /** Who answered the current question, and whether right. */
  answered: Map<string, boolean>;
  scores: Map<string, { name: string; correct: number }>;
  poll?: { pollId: string; messageId: string } | undefined;
  cancelTimer?: (() => void) | undefined;
  /** The first question went out with its timer: until then the round is starting. */
  started: boolean;
  /** The current question is out and timed; while one is being sent, nothing can close it. */
  questionOpen: boolean;
}

/**
 * Group quizzes: N questions, each open for a fixed time, shuffled options,
 * one answer per person per question, a reveal with the explanation after
 * each, and a result board at the end. Sends through the platform's Sender
 * (native quiz polls where it has them, buttons elsewhere), so a round
 * outlives the command that started it.
 */
export class GroupQuizzes {
  private readonly sessions = new Map<string, Session>();
  private readonly polls = new Map<string, string>();

  constructor(
    private readonly d: {
      quiz: QuizService;
      senders: ReadonlyMap<Platform, Sender>;
      scheduler: Scheduler;
      log: Log;
      now: () => number;
      secondsPerQuestion: number;
    },
  ) {}

  /**
   * A round is running in the group with a question open (its timer set). A
   * round still sending its first question is not yet active, so nothing can
   * close a question that does not exist yet.
   */
  active(platform: Platform, chatId: string): boolean {
    return this.sessions.get(key(platform, chatId))?.started === true;
  }

  /** Starts a round; false when one is running or nothing can be asked. */
  async start(
    platform: Platform,
    chatId: string,
    count: number,
    lang: Lang,
  ): Promise<"started" | "running" | "empty" | "no-sender"> {
    // Starting counts as running: a second /quiz must not start another round meanwhile.
    if (this.sessions.has(key(platform, chatId))) return "running";
    if (!this.d.senders.get(platform)) return "no-sender";
    const session: Session = {
      platform,
      chatId,
      lang,
      questions: [],
      index: -1,
      order: [],
      answered: new Map(),
      scores: new Map(),
      started: false,
      questionOpen: false,
    };
    // Held before the first await, so a second /quiz meanwhile finds it.
    this.sessions.set(key(platform, chatId), session);
    session.questions = await this.d.quiz.pickForGroup(count, this.d.now());
    if (session.questions.length === 0) {
      this.sessions.delete(key(platform, chatId));
      return "empty";
    }
    await this.next(session);
    return "started";
  }

  /** The question a group is answering now (for button answers). */
  currentQuestion(platform: Platform, chatId: string): number | undefined {
    const s = this.sessions.get(key(platform, chatId));
    return s?.questions[s.index]?.id;
  }

  /** A button answer in the group: "accepted" once per person per question. */
  async answer(
    platform: Platform,
    chatId: string,
    user: UserRef,
    questionId: number,
    option: number,
  ): Promise<"accepted" | "again" | "closed"> {
    const s = this.sessions.get(key(platform, chatId));
    const q = s?.questions[s.index];
    if (!s || !q || q.id !== questionId) return "closed";
    return this.record(s, q, user, [option]);
  }

  /** A native poll answer (Telegram poll_answer): option ids are positions in the shown order. */
  async pollAnswer(
    pollId: string,
    user: UserRef,
    optionIds: number[],
  ): Promise<"accepted" | "again" | "closed"> {
    const k = this.polls.get(pollId);
    const s = k ? this.sessions.get(k) : undefined;
    const q = s?.questions[s.index];
    if (!s || !q || s.poll?.pollId !== pollId) return "closed";
    return this.record(
      s,
      q,
      user,
      optionIds.map((i) => s.order[i] ?? -1),
    );
  }

  /** Closes the current question now (its timer fired). */
  async closeQuestion(platform: Platform, chatId: string): Promise<void> {
    const s = this.sessions.get(key(platform, chatId));
    if (s) await this.close(s);
  }

  private async record(
    s: Session,
    q: StoredQuestion,
    user: UserRef,
    choice: number[],
  ): Promise<"accepted" | "again"> {
    if (s.answered.has(user.id)) return "again";
    // Taken before the store is written, so a double tap meanwhile counts once.
    const answered = s.answered;
    answered.set(user.id, false);
    const outcome = await this.d.quiz.answer({
      platform: s.platform,
      userId: user.id,
      name: user.name,
      chatId: s.chatId,
      questionId: q.id,
      choice,
      context: `group:${s.chatId}`,
    });
    const correct = outcome?.correct ?? false;
    answered.set(user.id, correct);
    const score = s.scores.get(user.id) ?? { name: user.name ?? user.id, correct: 0 };
    if (correct) score.correct++;
    s.scores.set(user.id, score);
    return "accepted";
  }

  private async next(s: Session): Promise<void> {
    s.questionOpen = false;
    s.index++;
    s.answered = new Map();
    const q = s.questions[s.index];
    if (!q) {
      await this.finish(s);
      return;
    }
    s.order = displayOrder(q, this.d.now());
    const header = quizStrings(s.lang).roundHeader(
      s.index + 1,
      s.questions.length,
      this.d.secondsPerQuestion,
    );
    const sender = this.d.senders.get(s.platform);
    try {
      if (sender?.sendQuiz) {
        s.poll = await sender.sendQuiz(s.chatId, {
          question: `${header} ${q.stem}`.slice(0, 300),
          options: s.order.map((o) => q.options[o] ?? ""),
          correctOption: s.order.indexOf(q.answer[0] ?? 0),
          explanation: q.explanation.slice(0, 200),
          openPeriodSeconds: this.d.secondsPerQuestion,
        });
        this.polls.set(s.poll.pollId, key(s.platform, s.chatId));
      } else {
        s.poll = undefined;
        await this.send(s, questionMessage(q, s.order, s.lang, { header }));
      }
    } catch (error) {
      this.d.log("error", "group quiz question failed", { chatId: s.chatId, error: String(error) });
    }
    s.cancelTimer = this.d.scheduler.after(this.d.secondsPerQuestion * 1000, () => {
      void this.close(s).catch((error: unknown) =>
        this.d.log("error", "group quiz step failed", { chatId: s.chatId, error: String(error) }),
      );
    });
    s.started = true;
    s.questionOpen = true;
  }

  private async close(s: Session): Promise<void> {
    const q = s.questions[s.index];
    if (!q || !s.questionOpen || this.sessions.get(key(s.platform, s.chatId)) !== s) return;
    // Closed once: a timer and a close command arriving together reveal one answer.
    s.questionOpen = false;
    s.cancelTimer?.();
    const sender = this.d.senders.get(s.platform);
    if (s.poll) {
      this.polls.delete(s.poll.pollId);
      await sender?.stopQuiz?.(s.chatId, s.poll.messageId).catch(() => undefined);
    }
    const right = [...s.answered.values()].filter(Boolean).length;
    const t = quizStrings(s.lang);
    await this.send(s, {
      sections: [
        { kind: "title", text: t.roundAnswer(s.index + 1, correctText(q, s.order, s.lang)) },
        { kind: "text", text: t.roundTally(s.answered.size, right) },
        { kind: "text", text: q.explanation },
      ],
    });
    await this.next(s);
  }

  private async finish(s: Session): Promise<void> {
    this.sessions.delete(key(s.platform, s.chatId));
    const board = [...s.scores.values()].sort((a, b) => b.correct - a.correct).slice(0, 10);
    const t = quizStrings(s.lang);
    await this.send(s, {
      sections: [
        { kind: "title", text: t.roundOver(s.questions.length) },
        {
          kind: "text",
          text:
            board.length === 0
              ? t.roundNobody
              : board.map((b, i) => t.roundBoardLine(i + 1, b.name, b.correct)).join("\n"),
        },
        { kind: "note", text: t.roundPractiseAlone },
      ],
    });
  }

  private async send(s: Session, message: OutMessage): Promise<void> {
    const sender = this.d.senders.get(s.platform);
    if (!sender) return;
    try {
      await sender.send(s.chatId, message, { outboxId: 0 });
    } catch (error) {
      this.d.log("error", "group quiz message failed", { chatId: s.chatId, error: String(error) });
    }
  }
}

function key(platform: Platform, chatId: string): string {
  return `${platform}:${chatId}`;
}
