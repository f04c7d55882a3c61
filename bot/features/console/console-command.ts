import type { HandlerContext } from "../../kernel/context.js";
import { textMessage } from "../../kernel/out-message.js";
import { type ConsoleAuth, LINK_TTL_MS } from "./console-auth.js";
import { consoleCommandStrings } from "./strings.js";

/**
 * /console: a one-time sign-in link for the admin who asked, sent privately
 * (in a DM or the terminal as the answer, from a group by DM) — never into a
 * group, where anyone could use it first.
 */
export async function consoleCommand(
  ctx: HandlerContext,
  d: { auth: ConsoleAuth; publicUrl: string | undefined; port: number; local: ReadonlySet<string> },
): Promise<void> {
  const s = consoleCommandStrings(ctx.lang);
  const { event } = ctx;
  const token = await d.auth.issueLink(event.platform, event.user.id);
  const link = textMessage(
    s.link(
      `${d.auth.linkBase(d.publicUrl, d.port)}/signin?token=${token}`,
      Math.round(LINK_TTL_MS / 60_000),
    ),
  );
  if (event.chat.type === "dm" || d.local.has(event.platform)) {
    await ctx.reply.send(link);
    return;
  }
  const sent = await ctx.reply.sendPrivate(link);
  await ctx.reply.send(textMessage(sent ? s.sentPrivately : s.dmFirst));
}
