import { createHash } from "node:crypto";
import { allChunks, type KnowledgeStore } from "../../../knowledge/ports/knowledge-store.js";
import { difficulty } from "../../../knowledge/quiz/question-types.js";
import type { HandlerContext } from "../../kernel/context.js";
import { textMessage } from "../../kernel/out-message.js";
import type { GroupQuizzes } from "./group-quiz.js";
import type { AnswerOwner } from "./ports.js";
import type { QuizService } from "./quiz-service.js";
import { displayOrder, outcomeMessage, questionMessage } from "./render-question.js";
import { quizStrings } from "./strings.js";

/** A handler's context inside the quiz feature. */
export interface QuizContext extends HandlerContext {
  quiz: QuizService;
  rounds: GroupQuizzes;
  store: KnowledgeStore;
  /** Options ticked so far on multiple-choice questions, per user and question. */
  selections: Map<string, Set<number>>;
  /** Other features that may own a DM answer (a campaign's current question). */
  owners: readonly AnswerOwner[];
}

const MAX_GROUP_QUESTIONS = 10;

/** A stable per-user shuffle seed, so a question shows the same order when answered. */
export function seedOf(platform: string, userId: string): number {
  return createHash("sha256").update(`${platform}:${userId}`).digest().readUInt32BE(0);
}

/**
 * `/quiz` (测验): in a DM the next practice question; in a group `/quiz N`
 * starts a timed round. `/quiz me` shows your standing, `/quiz hide|show`
 * your place on leaderboards.
 */
export async function quizCommand(ctx: QuizContext, args: string): Promise<void> {
  const quiz = ctx.quiz;
  const { event, reply } = ctx;
  const t = quizStrings(ctx.lang);
  const word = args.trim().split(/\s+/)[0]?.toLowerCase() ?? "";
  if (word === "me" || word === "我的" || word === "成绩") {
    const s = await quiz.standing(event.platform, event.user.id);
    const rate = s.answered > 0 ? Math.round((s.correct / s.answered) * 100) : 0;
    await reply.send(textMessage(t.standing(s, rate)));
    return;
  }
  if (word === "hide" || word === "隐藏" || word === "show" || word === "显示") {
    const hidden = word === "hide" || word === "隐藏";
    await quiz.setHidden(event.platform, event.user.id, hidden);
    await reply.send(textMessage(hidden ? t.hidden : t.shown));
    return;
  }
  if (["generate", "出题", "approve", "通过"].includes(word)) {
    if (!ctx.isAdmin) {
      await ctx.roles.audit(event.platform, event.user.id, `quiz:${word}`, false);
      await reply.send(textMessage(t.adminOnlyAuthoring));
      return;
    }
    await ctx.roles.audit(event.platform, event.user.id, `quiz:${word}`, true);
    if (word === "generate" || word === "出题") {
      const r = await quiz.generate(await allChunks(ctx.store));
      await reply.send(textMessage(t.generated(r.added, r.alreadyInBank, r.nearDuplicates)));
      return;
    }
    if (!/\b(all|全部)\b|全部/.test(args)) {
      await reply.send(textMessage(t.approveUsage));
      return;
    }
    const approved = await quiz.approveAllDrafts();
    await reply.send(textMessage(t.approved(approved)));
    return;
  }
  if (word === "review" || word === "审核") {
    await reviewNext(ctx);
    return;
  }
  if (event.chat.type === "group") {
    const count = Math.min(MAX_GROUP_QUESTIONS, Math.max(1, Number(/\d+/.exec(args)?.[0] ?? 5)));
    const result = await ctx.rounds.start(event.platform, event.chat.id, count, ctx.lang);
    if (result === "running") await reply.send(textMessage(t.roundRunning));
    else if (result === "empty") await reply.send(textMessage(noQuestions(ctx)));
    else if (result === "no-sender") await reply.send(textMessage(t.noGroupQuiz));
    return;
  }
  await askNext(ctx);
}

/** `/leaderboard` (排行榜): this week's most correct answers in this group. */
export async function leaderboardCommand(ctx: QuizContext): Promise<void> {
  const quiz = ctx.quiz;
  const rows = await quiz.weeklyLeaderboard(ctx.event.platform, ctx.event.chat.id);
  const t = quizStrings(ctx.lang);
  await ctx.reply.send({
    sections: [
      { kind: "title", text: t.leaderboardTitle },
      {
        kind: "text",
        text:
          rows.length === 0
            ? t.leaderboardEmpty
            : rows
                .map((r, i) => t.leaderboardLine(i + 1, r.name ?? r.userId, r.correct, r.answered))
                .join("\n"),
      },
      { kind: "note", text: t.leaderboardOptOut },
    ],
  });
}

async function askNext(ctx: QuizContext): Promise<void> {
  const quiz = ctx.quiz;
  const q = await quiz.nextPractice(ctx.event.platform, ctx.event.user.id);
  if (!q) {
    await ctx.reply.send(textMessage(noQuestions(ctx)));
    return;
  }
  await ctx.reply.send(
    questionMessage(q, displayOrder(q, seedOf(ctx.event.platform, ctx.event.user.id)), ctx.lang),
  );
}

function noQuestions(ctx: QuizContext): string {
  const t = quizStrings(ctx.lang);
  return ctx.isAdmin ? t.noQuestionsAdmin : t.noQuestions;
}

/** Buttons: qz:a (answer), qz:t (toggle a multiple-choice option), qz:s (submit), qz:n (next). */
export async function quizAction(ctx: QuizContext, data: string): Promise<void> {
  const quiz = ctx.quiz;
  const { event, reply } = ctx;
  const t = quizStrings(ctx.lang);
  if (data === "qz:n") {
    await reply.ack();
    await askNext(ctx);
    return;
  }
  const review = /^qz:(ok|no):(\d+)$/.exec(data);
  if (review) {
    if (!ctx.isAdmin) {
      await ctx.roles.audit(event.platform, event.user.id, "quiz:review", false);
      await reply.ack(t.adminOnlyReview);
      return;
    }
    await ctx.roles.audit(event.platform, event.user.id, "quiz:review", true);
    const changed = await quiz.review(
      Number(review[2]),
      review[1] === "ok" ? "approved" : "retired",
    );
    await reply.ack(
      changed ? (review[1] === "ok" ? t.reviewApproved : t.reviewRetired) : t.reviewHandled,
    );
    await reviewNext(ctx);
    return;
  }
  const poll = /^qz:poll:([^:]+):([\d.]*)$/.exec(data);
  if (poll?.[1]) {
    const ids = (poll[2] ?? "").split(".").filter(Boolean).map(Number);
    await ctx.rounds.pollAnswer(poll[1], event.user, ids);
    await reply.ack();
    return;
  }
  const m = /^qz:([ats]):(\d+)(?::(\d+))?$/.exec(data);
  const question = m ? await quiz.get(Number(m[2])) : undefined;
  if (!m || !question) {
    await reply.ack(t.unavailable);
    return;
  }
  const option = Number(m[3]);
  const groups = ctx.rounds;
  if (
    event.chat.type === "group" &&
    groups?.currentQuestion(event.platform, event.chat.id) === question.id &&
    m[1] === "a"
  ) {
    const r = await groups.answer(event.platform, event.chat.id, event.user, question.id, option);
    await reply.ack(
      r === "accepted" ? t.groupAccepted : r === "again" ? t.groupAgain : t.groupClosed,
    );
    return;
  }
  const order = displayOrder(question, seedOf(ctx.event.platform, ctx.event.user.id));
  const key = `${event.platform}:${event.user.id}:${question.id}`;
  if (m[1] === "t") {
    const selected = ctx.selections.get(key) ?? new Set<number>();
    if (selected.has(option)) selected.delete(option);
    else selected.add(option);
    ctx.selections.set(key, selected);
    await reply.ack(
      t.selected(
        [...selected]
          .map((o) => String.fromCharCode(65 + order.indexOf(o)))
          .sort()
          .join(""),
      ),
    );
    return;
  }
  const choice = m[1] === "s" ? [...(ctx.selections.get(key) ?? [])] : [option];
  ctx.selections.delete(key);
  if (choice.length === 0) {
    await reply.ack(t.chooseFirst);
    return;
  }
  const owner = await ownerOf(ctx, question.id);
  const outcome = await quiz.answer({
    platform: event.platform,
    userId: event.user.id,
    name: event.user.name,
    chatId: event.chat.id,
    questionId: question.id,
    choice,
    context: owner?.context ?? "practice",
  });
  await reply.ack(outcome?.correct ? "✅" : "❌");
  if (!outcome) return;
  await reply.send(outcomeMessage(outcome, order, ctx.lang, !owner));
  await owner?.answered(outcome.correct);
}

/** Bot admins review drafts in chat: one at a time, with its clause, approve or retire. */
async function reviewNext(ctx: QuizContext): Promise<void> {
  const quiz = ctx.quiz;
  const t = quizStrings(ctx.lang);
  if (!ctx.isAdmin) {
    await ctx.roles.audit(ctx.event.platform, ctx.event.user.id, "quiz:review", false);
    await ctx.reply.send(textMessage(t.adminOnlyReview));
    return;
  }
  const drafts = await quiz.drafts();
  const q = drafts[0];
  if (!q) {
    await ctx.reply.send(textMessage(t.reviewNone));
    return;
  }
  const order = q.options.map((_, i) => i);
  await ctx.reply.send({
    sections: [
      { kind: "title", text: t.reviewTitle(drafts.length, q.id, q.kind) },
      { kind: "text", text: q.stem },
      {
        kind: "text",
        text: order
          .map(
            (i) =>
              `${q.answer.includes(i) ? "✔" : "　"} ${String.fromCharCode(65 + i)}. ${q.options[i]}`,
          )
          .join("\n"),
      },
      { kind: "text", text: q.explanation },
      {
        kind: "note",
        text: t.reviewAbout({
          conduct: quiz.conductName(q.conduct, ctx.lang),
          audiences: q.audiences ?? [],
          adminOnly: q.adminOnly === true,
          difficulty: difficulty(q),
          asked: q.asked,
          correct: q.correct,
        }),
      },
      { kind: "quote", text: q.source.text },
    ],
    buttons: [
      [
        { label: t.approveButton, data: `qz:ok:${q.id}` },
        { label: t.retireButton, data: `qz:no:${q.id}` },
      ],
    ],
  });
}

/** The feature a DM answer counts towards, when one claims it; otherwise it is practice. */
async function ownerOf(ctx: QuizContext, questionId: number) {
  for (const claim of ctx.owners) {
    const owned = await claim(ctx, questionId);
    if (owned) return owned;
  }
  return undefined;
}
