import type { HandlerContext } from "../../kernel/context.js";
import { textMessage } from "../../kernel/out-message.js";
import { t } from "./strings.js";

export async function grant(ctx: HandlerContext, args: string): Promise<void> {
  const target = args.trim().split(/\s+/)[0];
  if (!target) {
    await ctx.reply.send(textMessage(t("grantUsage", ctx.lang)));
    return;
  }
  await ctx.roles.grant(ctx.event.platform, target, `${ctx.event.platform}:${ctx.event.user.id}`);
  await ctx.reply.send(textMessage(`${t("granted", ctx.lang)}${target}`));
}

export async function revoke(ctx: HandlerContext, args: string): Promise<void> {
  const target = args.trim().split(/\s+/)[0];
  if (!target) {
    await ctx.reply.send(textMessage(t("grantUsage", ctx.lang)));
    return;
  }
  const done = await ctx.roles.revoke(ctx.event.platform, target);
  await ctx.reply.send(textMessage(`${t(done ? "revoked" : "notGranted", ctx.lang)}${target}`));
}
