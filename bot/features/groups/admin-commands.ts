import type { HandlerContext } from "../../kernel/context.js";
import { t } from "../../kernel/i18n.js";
import { textMessage } from "../../kernel/out-message.js";

/** Questions per day, top topics, unanswered questions and the 👎 queue — never who asked. */
export async function stats(ctx: HandlerContext, args: string): Promise<void> {
  const days = Math.min(365, Math.max(1, Number.parseInt(args, 10) || 7));
  const since = new Date(ctx.deps.now() - days * 86_400_000).toISOString();
  const s = ctx.deps.records.stats(since);
  const en = ctx.lang === "en";
  const lines = [
    en ? `Last ${days} days: ${s.questions} questions` : `近 ${days} 天：共 ${s.questions} 个问题`,
    (en ? "Per day: " : "每日：") +
      (s.perDay.map((d) => `${d.day.slice(5)} ${d.questions}`).join("，") || "—"),
    (en ? "Top topics:" : "热点主题：") +
      (s.topTopics.length
        ? `\n${s.topTopics.map((x) => `· ${x.topic}（${x.questions}）`).join("\n")}`
        : " —"),
    (en ? "Unanswered:" : "未能回答：") +
      (s.unanswered.length
        ? `\n${s.unanswered
            .slice(0, 10)
            .map((u) => `· ${u.question}（${u.times}）`)
            .join("\n")}`
        : " —"),
    en
      ? `👍 ${s.thumbsUp} · 👎 ${s.thumbsDown} (👎 rate ${s.downRate}) · review queue: ${s.openReviews}`
      : `👍 ${s.thumbsUp} · 👎 ${s.thumbsDown}（👎 率 ${s.downRate}）· 待审核：${s.openReviews}`,
  ];
  await ctx.reply.send(textMessage(lines.join("\n")));
}

export async function grant(ctx: HandlerContext, args: string): Promise<void> {
  const target = args.trim().split(/\s+/)[0];
  if (!target) {
    await ctx.reply.send(textMessage(t("grantUsage", ctx.lang)));
    return;
  }
  ctx.deps.roles.grant(ctx.event.platform, target, `${ctx.event.platform}:${ctx.event.user.id}`);
  await ctx.reply.send(textMessage(`${t("granted", ctx.lang)}${target}`));
}

export async function revoke(ctx: HandlerContext, args: string): Promise<void> {
  const target = args.trim().split(/\s+/)[0];
  if (!target) {
    await ctx.reply.send(textMessage(t("grantUsage", ctx.lang)));
    return;
  }
  const done = ctx.deps.roles.revoke(ctx.event.platform, target);
  await ctx.reply.send(textMessage(`${t(done ? "revoked" : "notGranted", ctx.lang)}${target}`));
}
