import type { HandlerContext } from "../../kernel/context.js";
import { textMessage } from "../../kernel/out-message.js";
import { t } from "./strings.js";

export async function help(ctx: HandlerContext): Promise<void> {
  await ctx.reply.send(textMessage(ctx.help()));
}

/**
 * Subscribes a group to case notices, with optional tags (department, campus).
 * The terminal's chat (`local`) may subscribe too, so broadcasts can be tried
 * without a platform.
 */
export async function subscribe(ctx: HandlerContext, args: string, local = false): Promise<void> {
  const { event, chats, reply, lang } = ctx;
  if (event.chat.type !== "group" && !local) {
    await reply.send(textMessage(t("subscribeGroupOnly", lang)));
    return;
  }
  const tags = args
    .split(/[\s,，、]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  await chats.subscribe(event.platform, event.chat.id, tags, `${event.platform}:${event.user.id}`);
  const suffix = tags.length > 0 ? `（${tags.join("、")}）` : "";
  await reply.send(textMessage(`${t("subscribed", lang)}${suffix}`));
}

export async function unsubscribe(ctx: HandlerContext): Promise<void> {
  const { event, chats, reply, lang } = ctx;
  const done = await chats.unsubscribe(event.platform, event.chat.id);
  await reply.send(textMessage(t(done ? "unsubscribed" : "notSubscribed", lang)));
}

export async function language(ctx: HandlerContext, args: string): Promise<void> {
  const { event, chats, reply } = ctx;
  const choice = /^(en|english|英文|英语)$/i.test(args.trim())
    ? "en"
    : /^(zh|cn|中文|汉语)$/i.test(args.trim())
      ? "zh"
      : undefined;
  if (!choice) {
    await reply.send(textMessage(t("languageUsage", ctx.lang)));
    return;
  }
  await chats.setLanguage(event.platform, event.chat.id, choice);
  await reply.send(textMessage(t("language", choice)));
}
