import type { HandlerContext } from "../../kernel/context.js";
import { userKey } from "../../kernel/context.js";
import { textMessage } from "../../kernel/out-message.js";
import type { Quizzes } from "../quiz/ports.js";
import { type Campaign, isDone } from "./campaign.js";
import type { CampaignService } from "./campaign-service.js";

/** A handler's context inside the campaigns feature. */
export interface CampaignContext extends HandlerContext {
  campaigns: CampaignService;
  quizzes: Quizzes;
  /** The campaign each user is taking in their DM (progress itself is stored). */
  sessions: Map<string, number>;
}

/** `/campaign` (培训): the open campaigns and where you stand; `/campaign ID` takes one (in a DM). */
export async function campaignCommand(ctx: CampaignContext, args: string): Promise<void> {
  const campaigns = ctx.campaigns;
  const { event, reply } = ctx;
  const id = Number(/\d+/.exec(args)?.[0] ?? Number.NaN);
  if (Number.isInteger(id)) {
    const campaign = await campaigns.get(id);
    if (!campaign || campaign.startAt > ctx.now()) {
      await reply.send(textMessage(`没有进行中的第 ${id} 号培训。发送 /campaign 查看。`));
      return;
    }
    if (event.chat.type !== "dm") {
      await reply.send(textMessage(`请私聊我发送 /campaign ${id} 答题，成绩只记在你自己名下。`));
      return;
    }
    await continueCampaign(ctx, campaign);
    return;
  }
  const open = await campaigns.active();
  const progress = await Promise.all(
    open.map((c) => campaigns.progress(c, event.platform, event.user.id)),
  );
  if (open.length === 0) {
    await reply.send(textMessage("目前没有进行中的培训。"));
    return;
  }
  await reply.send({
    sections: [
      { kind: "title", text: "进行中的培训" },
      {
        kind: "text",
        text: open
          .map((c, i) => {
            const p = progress[i]!;
            const state = isDone(c, p)
              ? "已完成"
              : p.passedAt
                ? "待确认"
                : `${p.answered}/${c.questionIds.length}`;
            return `#${c.id} ${c.name}（截止 ${new Date(c.dueAt).toISOString().slice(0, 10)}）— ${state}`;
          })
          .join("\n"),
      },
    ],
    buttons: open
      .slice(0, 5)
      .map((c) => [{ label: `开始：${c.name.slice(0, 20)}`, data: `cp:go:${c.id}` }]),
  });
}

/** Buttons: cp:go:<id> (take it), cp:att:<id>:ok|report (the zero-report attestation). */
export async function campaignAction(ctx: CampaignContext, data: string): Promise<void> {
  const campaigns = ctx.campaigns;
  const m = /^cp:(go|att):(\d+)(?::(ok|report))?$/.exec(data);
  const campaign = m ? await campaigns.get(Number(m[2])) : undefined;
  if (!m || !campaign) {
    await ctx.reply.ack("该培训不存在。");
    return;
  }
  await ctx.reply.ack();
  if (m[1] === "go") {
    if (ctx.event.chat.type !== "dm") {
      const sent = await ctx.reply.sendPrivate(
        textMessage(`发送 /campaign ${campaign.id} 开始答题。`),
      );
      if (!sent) await ctx.reply.send(textMessage(`请私聊我发送 /campaign ${campaign.id} 答题。`));
      return;
    }
    await continueCampaign(ctx, campaign);
    return;
  }
  const { event, reply } = ctx;
  const progress = await campaigns.progress(campaign, event.platform, event.user.id);
  if (!progress.passedAt) {
    await reply.send(textMessage("请先完成并通过培训答题。"));
    return;
  }
  await campaigns.attest(
    campaign,
    event.platform,
    event.user.id,
    m[3] === "ok" ? "zero-report" : "report",
  );
  await reply.send(
    textMessage(
      m[3] === "ok"
        ? `已记录你的零报告确认。培训《${campaign.name}》已完成，谢谢！`
        : `已记录。请通过保密渠道联系 ${campaigns.contact()} 说明情况；你的培训已完成。`,
    ),
  );
}

/** The campaign a DM answer counts towards: the one the user is taking, when the question is its current one. */
export async function campaignFor(
  ctx: CampaignContext,
  questionId: number,
): Promise<Campaign | undefined> {
  const id = ctx.sessions.get(userKey(ctx.event));
  const campaign = id === undefined ? undefined : await ctx.campaigns.get(id);
  if (!campaign) return undefined;
  const next = await ctx.campaigns.nextQuestion(campaign, ctx.event.platform, ctx.event.user.id);
  return next.questionId === questionId ? campaign : undefined;
}

export async function campaignAnswered(
  ctx: CampaignContext,
  campaign: Campaign,
  questionId: number,
  correct: boolean,
): Promise<void> {
  const campaigns = ctx.campaigns;
  const { event, reply } = ctx;
  const r = await campaigns.recordAnswer(
    campaign,
    event.platform,
    event.user.id,
    questionId,
    correct,
  );
  if (!r.finished) {
    await continueCampaign(ctx, campaign);
    return;
  }
  ctx.sessions.delete(userKey(event));
  const total = campaign.questionIds.length;
  if (!r.passed) {
    await reply.send(
      textMessage(
        `本次答对 ${r.progress.correct}/${total}，未达到及格线 ${Math.round(campaign.spec.passMark * 100)}%。发送 /campaign ${campaign.id} 重新作答。`,
      ),
    );
    return;
  }
  if (!campaign.spec.attestation) {
    await reply.send(
      textMessage(
        `恭喜通过！答对 ${r.progress.correct}/${total}。培训《${campaign.name}》已完成。`,
      ),
    );
    return;
  }
  await attestationPrompt(ctx, campaign, `恭喜通过！答对 ${r.progress.correct}/${total}`);
}

async function attestationPrompt(
  ctx: CampaignContext,
  campaign: Campaign,
  title: string,
): Promise<void> {
  await ctx.reply.send({
    sections: [
      { kind: "title", text: title },
      {
        kind: "text",
        text: "最后一步：请确认本人在本次培训涉及的方面没有违规情况（零报告）；如有情况需要报告，请选择下方第二项。",
      },
    ],
    buttons: [
      [{ label: "本人无违规情况（零报告）", data: `cp:att:${campaign.id}:ok` }],
      [{ label: "我有情况需要报告", data: `cp:att:${campaign.id}:report` }],
    ],
  });
}

async function continueCampaign(ctx: CampaignContext, campaign: Campaign): Promise<void> {
  const campaigns = ctx.campaigns;
  const quiz = ctx.quizzes.service;
  const { event, reply } = ctx;
  const progress = await campaigns.progress(campaign, event.platform, event.user.id);
  if (isDone(campaign, progress)) {
    await reply.send(textMessage(`你已完成培训《${campaign.name}》。`));
    return;
  }
  if (progress.passedAt) {
    await attestationPrompt(ctx, campaign, "你已通过答题，还差最后一步确认");
    return;
  }
  const next = await campaigns.nextQuestion(campaign, event.platform, event.user.id);
  const question = next.questionId === undefined ? undefined : await quiz.get(next.questionId);
  if (!question) {
    await reply.send(textMessage("这次培训的题目已不可用，请联系管理员。"));
    return;
  }
  ctx.sessions.set(userKey(event), campaign.id);
  const header = `${next.restarted ? "重新作答 · " : ""}培训《${campaign.name}》第 ${next.index + 1}/${campaign.questionIds.length} 题`;
  await reply.send(ctx.quizzes.present(question, event.platform, event.user.id, header));
}
