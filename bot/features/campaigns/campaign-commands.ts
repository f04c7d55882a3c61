import type { HandlerContext } from "../../kernel/context.js";
import { userKey } from "../../kernel/context.js";
import { textMessage } from "../../kernel/out-message.js";
import type { Quizzes } from "../quiz/ports.js";
import { type Campaign, isDone } from "./campaign.js";
import type { CampaignService } from "./campaign-service.js";
import type { CampaignSessions } from "./campaign-sessions.js";
import { campaignStrings } from "./strings.js";

/** A handler's context inside the campaigns feature. */
export interface CampaignContext extends HandlerContext {
  campaigns: CampaignService;
  quizzes: Quizzes;
  /** The campaign each user is taking in their DM (progress itself is stored). */
  /** The campaign each user is taking in a DM, whichever instance their next answer reaches. */
  sessions: CampaignSessions;
}

/** `/campaign` (培训): the open campaigns and where you stand; `/campaign ID` takes one (in a DM). */
export async function campaignCommand(ctx: CampaignContext, args: string): Promise<void> {
  const campaigns = ctx.campaigns;
  const { event, reply } = ctx;
  const t = campaignStrings(ctx.lang);
  const id = Number(/\d+/.exec(args)?.[0] ?? Number.NaN);
  if (Number.isInteger(id)) {
    const campaign = await campaigns.get(id);
    if (!campaign || campaign.startAt > ctx.now()) {
      await reply.send(textMessage(t.noCampaign(id)));
      return;
    }
    if (event.chat.type !== "dm") {
      await reply.send(textMessage(t.takeInDm(id)));
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
    await reply.send(textMessage(t.noneOpen));
    return;
  }
  await reply.send({
    sections: [
      { kind: "title", text: t.openTitle },
      {
        kind: "text",
        text: open
          .map((c, i) => {
            const p = progress[i]!;
            const state = isDone(c, p)
              ? t.stateDone
              : p.passedAt
                ? t.stateAttest
                : `${p.answered}/${c.questionIds.length}`;
            return t.openLine(c.id, c.name, campaigns.localDay(c.dueAt), state);
          })
          .join("\n"),
      },
    ],
    buttons: open
      .slice(0, 5)
      .map((c) => [{ label: t.startButton(c.name.slice(0, 20)), data: `cp:go:${c.id}` }]),
  });
}

/** Buttons: cp:go:<id> (take it), cp:att:<id>:ok|report (the zero-report attestation). */
export async function campaignAction(ctx: CampaignContext, data: string): Promise<void> {
  const campaigns = ctx.campaigns;
  const t = campaignStrings(ctx.lang);
  const m = /^cp:(go|att):(\d+)(?::(ok|report))?$/.exec(data);
  const campaign = m ? await campaigns.get(Number(m[2])) : undefined;
  if (!m || !campaign) {
    await ctx.reply.ack(t.notFound);
    return;
  }
  await ctx.reply.ack();
  if (m[1] === "go") {
    if (ctx.event.chat.type !== "dm") {
      const sent = await ctx.reply.sendPrivate(textMessage(t.startHint(campaign.id)));
      if (!sent) await ctx.reply.send(textMessage(t.dmMe(campaign.id)));
      return;
    }
    await continueCampaign(ctx, campaign);
    return;
  }
  const { event, reply } = ctx;
  const progress = await campaigns.progress(campaign, event.platform, event.user.id);
  if (!progress.passedAt) {
    await reply.send(textMessage(t.passFirst));
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
      m[3] === "ok" ? t.attestedZero(campaign.name) : t.attestedReport(campaigns.contact()),
    ),
  );
}

/** The campaign a DM answer counts towards: the one the user is taking, when the question is its current one. */
export async function campaignFor(
  ctx: CampaignContext,
  questionId: number,
): Promise<Campaign | undefined> {
  const id = await ctx.sessions.get(userKey(ctx.event));
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
  await ctx.sessions.delete(userKey(event));
  const total = campaign.questionIds.length;
  const t = campaignStrings(ctx.lang);
  if (!r.passed) {
    const passPct = Math.round(campaign.spec.passMark * 100);
    await reply.send(textMessage(t.failed(r.progress.correct, total, passPct, campaign.id)));
    return;
  }
  if (!campaign.spec.attestation) {
    await reply.send(textMessage(t.passedDone(r.progress.correct, total, campaign.name)));
    return;
  }
  await attestationPrompt(ctx, campaign, t.passedTitle(r.progress.correct, total));
}

async function attestationPrompt(
  ctx: CampaignContext,
  campaign: Campaign,
  title: string,
): Promise<void> {
  const t = campaignStrings(ctx.lang);
  await ctx.reply.send({
    sections: [
      { kind: "title", text: title },
      { kind: "text", text: t.attestPrompt },
    ],
    buttons: [
      [{ label: t.attestZeroButton, data: `cp:att:${campaign.id}:ok` }],
      [{ label: t.attestReportButton, data: `cp:att:${campaign.id}:report` }],
    ],
  });
}

async function continueCampaign(ctx: CampaignContext, campaign: Campaign): Promise<void> {
  const campaigns = ctx.campaigns;
  const quiz = ctx.quizzes.service;
  const { event, reply } = ctx;
  const t = campaignStrings(ctx.lang);
  const progress = await campaigns.progress(campaign, event.platform, event.user.id);
  if (isDone(campaign, progress)) {
    await reply.send(textMessage(t.alreadyDone(campaign.name)));
    return;
  }
  if (progress.passedAt) {
    await attestationPrompt(ctx, campaign, t.attestPending);
    return;
  }
  const next = await campaigns.nextQuestion(campaign, event.platform, event.user.id);
  const question = next.questionId === undefined ? undefined : await quiz.get(next.questionId);
  if (!question) {
    await reply.send(textMessage(t.questionsGone));
    return;
  }
  await ctx.sessions.set(userKey(event), campaign.id);
  const header = t.questionHeader(
    next.restarted,
    campaign.name,
    next.index + 1,
    campaign.questionIds.length,
  );
  await reply.send(ctx.quizzes.present(question, event.platform, event.user.id, ctx.lang, header));
}
