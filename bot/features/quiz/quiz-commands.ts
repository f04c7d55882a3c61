import { createHash } from "node:crypto";
import type { KnowledgeStore } from "../../../knowledge/ports/knowledge-store.js";
import type { HandlerContext } from "../../kernel/context.js";
import { textMessage } from "../../kernel/out-message.js";
import type { GroupQuizzes } from "./group-quiz.js";
import type { AnswerOwner } from "./ports.js";
import type { QuizService } from "./quiz-service.js";
import { displayOrder, outcomeMessage, questionMessage } from "./render-question.js";

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
  const word = args.trim().split(/\s+/)[0]?.toLowerCase() ?? "";
  if (word === "me" || word === "我的" || word === "成绩") {
    const s = await quiz.standing(event.platform, event.user.id);
    const rate = s.answered > 0 ? Math.round((s.correct / s.answered) * 100) : 0;
    await reply.send(
      textMessage(
        `已答 ${s.answered} 题，答对 ${s.correct} 题（${rate}%）；当前连对 ${s.streak}，最佳 ${s.bestStreak}；待复习 ${s.reviews} 题。${s.hidden ? "（不在排行榜显示）" : ""}`,
      ),
    );
    return;
  }
  if (word === "hide" || word === "隐藏" || word === "show" || word === "显示") {
    const hidden = word === "hide" || word === "隐藏";
    await quiz.setHidden(event.platform, event.user.id, hidden);
    await reply.send(
      textMessage(hidden ? "已设置：排行榜不再显示你的名字。" : "已设置：排行榜会显示你的名字。"),
    );
    return;
  }
  if (["generate", "出题", "approve", "通过"].includes(word)) {
    if (!ctx.isAdmin) {
      await ctx.roles.audit(event.platform, event.user.id, `quiz:${word}`, false);
      await reply.send(textMessage("只有管理员可以出题或审核。"));
      return;
    }
    await ctx.roles.audit(event.platform, event.user.id, `quiz:${word}`, true);
    if (word === "generate" || word === "出题") {
      const r = await quiz.generate([...ctx.store.eachChunk()].flat());
      await reply.send(
        textMessage(
          `已从文件生成 ${r.added} 道草稿题（跳过 ${r.nearDuplicates} 道近似重复）。发送 /quiz review 逐题审核，或 /quiz approve all 全部通过。`,
        ),
      );
      return;
    }
    if (!/\b(all|全部)\b|全部/.test(args)) {
      await reply.send(
        textMessage("用法：/quiz approve all（全部通过），或 /quiz review 逐题审核。"),
      );
      return;
    }
    const approved = await quiz.approveAllDrafts();
    await reply.send(textMessage(`已通过 ${approved} 道题。发送 /quiz 开始练习。`));
    return;
  }
  if (word === "review" || word === "审核") {
    await reviewNext(ctx);
    return;
  }
  if (event.chat.type === "group") {
    const count = Math.min(MAX_GROUP_QUESTIONS, Math.max(1, Number(/\d+/.exec(args)?.[0] ?? 5)));
    const result = await ctx.rounds.start(event.platform, event.chat.id, count);
    if (result === "running") await reply.send(textMessage("本群已有一轮测验在进行。"));
    else if (result === "empty") await reply.send(textMessage(noQuestions(ctx)));
    else if (result === "no-sender") await reply.send(textMessage("这个平台暂不支持群测验。"));
    return;
  }
  await askNext(ctx);
}

/** `/leaderboard` (排行榜): this week's most correct answers in this group. */
export async function leaderboardCommand(ctx: QuizContext): Promise<void> {
  const quiz = ctx.quiz;
  const rows = await quiz.weeklyLeaderboard(ctx.event.platform, ctx.event.chat.id);
  await ctx.reply.send({
    sections: [
      { kind: "title", text: "本周排行榜" },
      {
        kind: "text",
        text:
          rows.length === 0
            ? "本周还没有人在这里答题。发送 /quiz 5 开始一轮测验。"
            : rows
                .map((r, i) => `${i + 1}. ${r.name ?? r.userId} — 答对 ${r.correct}/${r.answered}`)
                .join("\n"),
      },
      { kind: "note", text: "不想出现在排行榜上：/quiz hide" },
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
    questionMessage(q, displayOrder(q, seedOf(ctx.event.platform, ctx.event.user.id))),
  );
}

function noQuestions(ctx: QuizContext): string {
  return ctx.isAdmin
    ? "题库里还没有审核通过的题目：发送 /quiz generate 从文件出题，再 /quiz review 审核（或 qingfeng quiz generate / approve）。"
    : "题库里还没有可用的题目，请联系管理员。";
}

/** Buttons: qz:a (answer), qz:t (toggle a multiple-choice option), qz:s (submit), qz:n (next). */
export async function quizAction(ctx: QuizContext, data: string): Promise<void> {
  const quiz = ctx.quiz;
  const { event, reply } = ctx;
  if (data === "qz:n") {
    await reply.ack();
    await askNext(ctx);
    return;
  }
  const review = /^qz:(ok|no):(\d+)$/.exec(data);
  if (review) {
    if (!ctx.isAdmin) {
      await ctx.roles.audit(event.platform, event.user.id, "quiz:review", false);
      await reply.ack("只有管理员可以审核题目。");
      return;
    }
    await ctx.roles.audit(event.platform, event.user.id, "quiz:review", true);
    const changed = await quiz.review(
      Number(review[2]),
      review[1] === "ok" ? "approved" : "retired",
    );
    await reply.ack(changed ? (review[1] === "ok" ? "已通过" : "已停用") : "该题已处理过。");
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
    await reply.ack("这道题已不可用。");
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
      r === "accepted"
        ? "已作答，本题结束后公布答案。"
        : r === "again"
          ? "你已经答过这道题了。"
          : "本题已结束。",
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
      `已选：${
        [...selected]
          .map((o) => String.fromCharCode(65 + order.indexOf(o)))
          .sort()
          .join("") || "无"
      }`,
    );
    return;
  }
  const choice = m[1] === "s" ? [...(ctx.selections.get(key) ?? [])] : [option];
  ctx.selections.delete(key);
  if (choice.length === 0) {
    await reply.ack("请先选择选项。");
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
  await reply.send(outcomeMessage(outcome, order, !owner));
  await owner?.answered(outcome.correct);
}

/** Bot admins review drafts in chat: one at a time, with its clause, approve or retire. */
async function reviewNext(ctx: QuizContext): Promise<void> {
  const quiz = ctx.quiz;
  if (!ctx.isAdmin) {
    await ctx.roles.audit(ctx.event.platform, ctx.event.user.id, "quiz:review", false);
    await ctx.reply.send(textMessage("只有管理员可以审核题目。"));
    return;
  }
  const drafts = await quiz.drafts();
  const q = drafts[0];
  if (!q) {
    await ctx.reply.send(textMessage("没有待审核的题目。"));
    return;
  }
  const order = q.options.map((_, i) => i);
  await ctx.reply.send({
    sections: [
      { kind: "title", text: `待审核 ${drafts.length} 题 · #${q.id}（${q.kind}）` },
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
      { kind: "quote", text: q.source.text },
    ],
    buttons: [
      [
        { label: "通过", data: `qz:ok:${q.id}` },
        { label: "停用", data: `qz:no:${q.id}` },
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
