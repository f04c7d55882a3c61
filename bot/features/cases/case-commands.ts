import { localDateTime } from "../../../lib/local-time.js";
import { type HandlerContext, userKey } from "../../kernel/context.js";
import { type OutMessage, textMessage } from "../../kernel/out-message.js";
import { type CaseFields, inferTags } from "./case-notice.js";
import { reportText } from "./case-report.js";
import type { CaseService } from "./case-service.js";
import { isQingfengError } from "./errors.js";
import type { CaseFlows } from "./guided-flow.js";
import { parseNotice } from "./parse-notice.js";
import { renderClauses, renderNotice, renderReview } from "./render-notice.js";
import { caseStrings } from "./strings.js";

/** A handler's context inside the cases feature. */
export interface CaseContext extends HandlerContext {
  cases: CaseService;
  flows: CaseFlows;
}

/** `/case …`: authoring, publishing and following up case notices in chat (bot admins). */
export async function caseCommand(ctx: CaseContext, args: string): Promise<void> {
  const service = ctx.cases;
  const match = /^(\S+)\s*([\s\S]*)$/.exec(args.trim());
  const sub = match?.[1]?.toLowerCase() ?? "";
  const rest = match?.[2]?.trim() ?? "";
  try {
    await run(ctx, service, sub, rest);
  } catch (error) {
    if (!isQingfengError(error)) throw error;
    await ctx.reply.send(textMessage(caseStrings(ctx.lang).failed(error.message, error.code)));
  }
}

async function run(
  ctx: CaseContext,
  service: CaseService,
  sub: string,
  rest: string,
): Promise<void> {
  const { reply, event } = ctx;
  const s = caseStrings(ctx.lang);
  const by = `${event.platform}:${event.user.id}`;
  const id = Number(/^\d+/.exec(rest)?.[0] ?? Number.NaN);
  const afterId = rest.replace(/^\d+\s*/, "");
  switch (sub) {
    case "new":
    case "新建": {
      if (event.chat.type !== "dm") {
        await reply.send(textMessage(s.newInDm));
        return;
      }
      await ctx.flows.start(userKey(event));
      await reply.send(textMessage(s.flow.title));
      return;
    }
    case "add":
    case "paste":
    case "粘贴":
    case "添加": {
      if (!rest) {
        await reply.send(textMessage(s.addUsage));
        return;
      }
      await draftOnce(ctx, parseNotice(rest), { by });
      return;
    }
    case "list":
    case "列表": {
      const list = await service.list(20);
      await reply.send(
        textMessage(
          list.length === 0
            ? s.listEmpty
            : list.map((n) => s.listLine(n.id, n.status === "draft", n.title)).join("\n"),
        ),
      );
      return;
    }
    case "show":
    case "查看": {
      const notice = await service.get(id);
      await reply.send(notice ? renderReview(notice, ctx.lang) : textMessage(s.noNotice(rest)));
      return;
    }
    case "clauses":
    case "clause":
    case "条款": {
      const m = /^(add|drop|添加|删除)\s+([\s\S]+)$/.exec(afterId);
      if (!m?.[1] || !m[2]) {
        await reply.send(textMessage(s.clauseUsage));
        return;
      }
      const notice = await service.get(id);
      if (!notice) {
        await reply.send(textMessage(s.noNotice(rest)));
        return;
      }
      if (m[1] === "add" || m[1] === "添加") {
        await reply.send(renderReview(await service.addClause(id, m[2]), ctx.lang));
        return;
      }
      const clause = notice.clauses[Number(m[2]) - 1];
      if (!clause) {
        await reply.send(textMessage(s.noClause(m[2])));
        return;
      }
      await reply.send(renderReview(await service.setClause(id, clause.chunkId, false), ctx.lang));
      return;
    }
    case "publish":
    case "发布": {
      const words = afterId.split(/\s+/).filter(Boolean);
      const at = words.find((w) => w.startsWith("at="))?.slice(3);
      const tags = words.filter((w) => !w.startsWith("at="));
      const when = at ? new Date(at) : undefined;
      if (when && Number.isNaN(when.getTime())) {
        await reply.send(textMessage(s.badTime(at ?? "")));
        return;
      }
      const { broadcast } = await service.publish(id, { by, tags, at: when });
      const status = await service.status(id);
      const later = broadcast.sendAt > ctx.now() + 60_000;
      await reply.send(
        textMessage(
          s.published(
            id,
            status.targets,
            later ? localDateTime(broadcast.sendAt, service.utcOffsetMinutes) : undefined,
          ),
        ),
      );
      return;
    }
    case "status":
    case "进度": {
      await reply.send(textMessage(s.status(id, await service.status(id))));
      return;
    }
    case "pause":
    case "暂停":
      await service.pause(id);
      await reply.send(textMessage(s.paused(id)));
      return;
    case "resume":
    case "继续":
      await service.resume(id);
      await reply.send(textMessage(s.resumed(id)));
      return;
    case "cancel":
    case "取消": {
      await service.cancel(id);
      const progress = await service.status(id);
      await reply.send(textMessage(s.cancelled(id, progress.sent, progress.cancelled)));
      return;
    }
    case "report":
    case "报告":
      await reply.send(textMessage(reportText(await service.report(id), ctx.lang)));
      return;
    case "correct":
    case "更正": {
      if (!afterId) {
        await reply.send(textMessage(s.correctUsage));
        return;
      }
      await draftOnce(ctx, parseNotice(afterId), { by, correctsId: id });
      return;
    }
    default:
      await reply.send(textMessage(s.usage));
  }
}

/** A message while the admin is in the guided flow: the next field, or the finished draft. */
export async function caseFlowMessage(ctx: CaseContext, text: string): Promise<void> {
  const key = userKey(ctx.event);
  const s = caseStrings(ctx.lang);
  if (/^(取消|cancel)$/i.test(text.trim())) {
    await ctx.flows.cancel(key);
    await ctx.reply.send(textMessage(s.flowCancelled));
    return;
  }
  const step = await ctx.flows.answer(key, text);
  if (!step) return;
  if ("next" in step) {
    await ctx.reply.send(textMessage(s.flow[step.next]));
    return;
  }
  const fields = { ...step.done, tags: inferTags(`${step.done.title}${step.done.facts}`) };
  await draftOnce(ctx, fields, { by: `${ctx.event.platform}:${ctx.event.user.id}` });
}

/** Drafts a notice, unless a draft with the same text exists: then says so and shows that one. */
async function draftOnce(
  ctx: CaseContext,
  fields: CaseFields,
  options: { by: string; correctsId?: number },
): Promise<void> {
  const same = await ctx.cases.sameDraft(fields, options);
  if (same) {
    await ctx.reply.send(textMessage(caseStrings(ctx.lang).sameDraft(same.id)));
    await ctx.reply.send(renderReview(same, ctx.lang));
    return;
  }
  await ctx.reply.send(renderReview(await ctx.cases.draft(fields, options), ctx.lang));
}

/** Buttons under notices and drafts. Reading ones are for everyone; editing ones for admins. */
export async function caseAction(
  ctx: CaseContext,
  verb: string,
  id: number,
  extra?: number,
): Promise<void> {
  const service = ctx.cases;
  const { event, reply } = ctx;
  const s = caseStrings(ctx.lang);
  if (verb === "pub" || verb === "cl") {
    // Button data can be forged: refuse before looking the notice up, so the answer (and the
    // audit row naming the target) is the same whether or not such a notice exists.
    const target = `case:${verb}:${id}${extra !== undefined ? `:${extra}` : ""}`;
    await ctx.roles.audit(event.platform, event.user.id, target, ctx.isAdmin);
    if (!ctx.isAdmin) {
      ctx.log("warn", "admin button refused", {
        platform: event.platform,
        user: event.user.id,
        data: target,
      });
      await reply.ack(s.adminOnlyButton);
      return;
    }
  }
  const notice = await service.get(id);
  // A draft is an admin's work in progress: to anyone else it does not exist.
  if (!notice || (notice.status === "draft" && !ctx.isAdmin)) {
    await reply.ack(s.noSuchNotice);
    return;
  }
  switch (verb) {
    case "ack": {
      if (notice.status !== "published") {
        await reply.ack(s.draftNoAck);
        return;
      }
      const first = await service.acknowledge(id, {
        platform: event.platform,
        userId: event.user.id,
        userName: event.user.name,
        chatId: event.chat.id,
      });
      await reply.ack(first ? s.acknowledged : s.acknowledgedAgain);
      return;
    }
    case "clauses":
      await reply.ack();
      await privatelyOrHere(ctx, renderClauses(notice, ctx.lang));
      return;
    case "full":
      await reply.ack();
      await privatelyOrHere(
        ctx,
        renderNotice(
          notice,
          ctx.lang,
          notice.correctsId ? await service.get(notice.correctsId) : undefined,
          { full: true },
        ),
      );
      return;
    case "pub":
    case "cl": {
      try {
        if (verb === "cl" && extra !== undefined) {
          await reply.ack();
          await reply.send(renderReview(await service.setClause(id, extra), ctx.lang));
          return;
        }
        await service.publish(id, { by: `${event.platform}:${event.user.id}` });
        await reply.ack(s.publishedAck);
        await reply.send(textMessage(s.publishedShort(id, (await service.status(id)).targets)));
      } catch (error) {
        if (!isQingfengError(error)) throw error;
        await reply.ack(error.message.slice(0, 190));
      }
      return;
    }
    default:
      await reply.ack();
  }
}

/** Long content from a button in a group goes to the presser privately when the platform allows. */
async function privatelyOrHere(ctx: CaseContext, message: OutMessage): Promise<void> {
  if (ctx.event.chat.type === "group" && (await ctx.reply.sendPrivate(message))) return;
  await ctx.reply.send(message);
}
