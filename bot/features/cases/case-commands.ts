import { type HandlerContext, userKey } from "../../kernel/context.js";
import { type OutMessage, textMessage } from "../../kernel/out-message.js";
import { inferTags } from "./case-notice.js";
import { reportText } from "./case-report.js";
import type { CaseService } from "./case-service.js";
import { isQingfengError } from "./errors.js";
import type { CaseFlows } from "./guided-flow.js";
import { FLOW_PROMPTS } from "./guided-flow.js";
import { parseNotice } from "./parse-notice.js";
import { renderClauses, renderNotice, renderReview } from "./render-notice.js";

/** A handler's context inside the cases feature. */
export interface CaseContext extends HandlerContext {
  cases: CaseService;
  flows: CaseFlows;
}

const USAGE = `案例通报命令（管理员）：
/case new — 分步新建（私聊）
/case add 文本 — 粘贴通报全文，自动拆分字段并建议相关条款
/case list — 最近的通报
/case show ID — 查看草稿 / 通报
/case clause ID add 关键词 | drop 序号 — 增删关联条款
/case publish ID [标签…] [at=2026-12-01T09:00+08:00] — 发布到订阅群（可按标签）
/case status ID — 发送进度
/case pause|resume|cancel ID — 暂停 / 继续 / 取消发送
/case report ID — 送达与确认情况
/case correct ID 文本 — 发布更正（新版本）`;

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
    await ctx.reply.send(textMessage(`无法完成：${error.message}（${error.code}）`));
  }
}

async function run(
  ctx: CaseContext,
  service: CaseService,
  sub: string,
  rest: string,
): Promise<void> {
  const { reply, event } = ctx;
  const by = `${event.platform}:${event.user.id}`;
  const id = Number(/^\d+/.exec(rest)?.[0] ?? Number.NaN);
  const afterId = rest.replace(/^\d+\s*/, "");
  switch (sub) {
    case "new":
    case "新建": {
      if (event.chat.type !== "dm") {
        await reply.send(textMessage("请在与我的私聊中使用 /case new，以免群消息被当作通报内容。"));
        return;
      }
      ctx.flows.start(userKey(event));
      await reply.send(textMessage(FLOW_PROMPTS.title));
      return;
    }
    case "add":
    case "paste":
    case "粘贴":
    case "添加": {
      if (!rest) {
        await reply.send(
          textMessage("请在命令后粘贴通报全文，例如：/case add 某医院医生收受回扣问题……"),
        );
        return;
      }
      const notice = await service.draft(parseNotice(rest), { by });
      await reply.send(renderReview(notice));
      return;
    }
    case "list":
    case "列表": {
      const list = await service.list(20);
      await reply.send(
        textMessage(
          list.length === 0
            ? "还没有案例通报。"
            : list
                .map((n) => `#${n.id} [${n.status === "draft" ? "草稿" : "已发布"}] ${n.title}`)
                .join("\n"),
        ),
      );
      return;
    }
    case "show":
    case "查看": {
      const notice = await service.get(id);
      await reply.send(notice ? renderReview(notice) : textMessage(`没有第 ${rest} 号通报。`));
      return;
    }
    case "clause":
    case "条款": {
      const m = /^(add|drop|添加|删除)\s+([\s\S]+)$/.exec(afterId);
      if (!m?.[1] || !m[2]) {
        await reply.send(
          textMessage("用法：/case clause ID add 关键词 或 /case clause ID drop 序号"),
        );
        return;
      }
      const notice = await service.get(id);
      if (!notice) {
        await reply.send(textMessage(`没有第 ${rest} 号通报。`));
        return;
      }
      if (m[1] === "add" || m[1] === "添加") {
        await reply.send(renderReview(await service.addClause(id, m[2])));
        return;
      }
      const clause = notice.clauses[Number(m[2]) - 1];
      if (!clause) {
        await reply.send(textMessage(`第 ${m[2]} 条不存在。`));
        return;
      }
      await reply.send(renderReview(await service.setClause(id, clause.chunkId, false)));
      return;
    }
    case "publish":
    case "发布": {
      const words = afterId.split(/\s+/).filter(Boolean);
      const at = words.find((w) => w.startsWith("at="))?.slice(3);
      const tags = words.filter((w) => !w.startsWith("at="));
      const when = at ? new Date(at) : undefined;
      if (when && Number.isNaN(when.getTime())) {
        await reply.send(
          textMessage(`时间 ${at} 无法识别，请用 ISO 格式，例如 at=2026-12-01T09:00+08:00`),
        );
        return;
      }
      const { broadcast } = await service.publish(id, { by, tags, at: when });
      const status = await service.status(id);
      await reply.send(
        textMessage(
          `第 ${id} 号通报已发布，将发送到 ${status.targets} 个群${broadcast.sendAt > Date.now() + 60_000 ? `（${new Date(broadcast.sendAt).toISOString()} 开始）` : ""}。用 /case status ${id} 查看进度。`,
        ),
      );
      return;
    }
    case "status":
    case "进度": {
      const s = await service.status(id);
      await reply.send(
        textMessage(
          `第 ${id} 号通报：共 ${s.targets} 个群，已发送 ${s.sent}，待发送 ${s.pending}，失败 ${s.failed}${s.cancelled ? `，已取消 ${s.cancelled}` : ""}；已阅并知晓 ${s.acknowledged} 人。状态：${s.state}`,
        ),
      );
      return;
    }
    case "pause":
    case "暂停":
      await service.pause(id);
      await reply.send(textMessage(`第 ${id} 号通报的发送已暂停。/case resume ${id} 继续。`));
      return;
    case "resume":
    case "继续":
      await service.resume(id);
      await reply.send(textMessage(`第 ${id} 号通报继续发送。`));
      return;
    case "cancel":
    case "取消": {
      await service.cancel(id);
      const s = await service.status(id);
      await reply.send(
        textMessage(`第 ${id} 号通报的发送已取消：已发送 ${s.sent}，取消 ${s.cancelled}。`),
      );
      return;
    }
    case "report":
    case "报告":
      await reply.send(textMessage(reportText(await service.report(id))));
      return;
    case "correct":
    case "更正": {
      if (!afterId) {
        await reply.send(textMessage("用法：/case correct ID 更正后的通报全文"));
        return;
      }
      const notice = await service.draft(parseNotice(afterId), { by, correctsId: id });
      await reply.send(renderReview(notice));
      return;
    }
    default:
      await reply.send(textMessage(USAGE));
  }
}

/** A message while the admin is in the guided flow: the next field, or the finished draft. */
export async function caseFlowMessage(ctx: CaseContext, text: string): Promise<void> {
  const key = userKey(ctx.event);
  if (/^(取消|cancel)$/i.test(text.trim())) {
    ctx.flows.cancel(key);
    await ctx.reply.send(textMessage("已取消，未保存。"));
    return;
  }
  const step = ctx.flows.answer(key, text);
  if (!step) return;
  if ("next" in step) {
    await ctx.reply.send(textMessage(FLOW_PROMPTS[step.next]));
    return;
  }
  const service = ctx.cases;
  const fields = { ...step.done, tags: inferTags(`${step.done.title}${step.done.facts}`) };
  const notice = await service.draft(fields, { by: `${ctx.event.platform}:${ctx.event.user.id}` });
  await ctx.reply.send(renderReview(notice));
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
      await reply.ack("只有管理员可以编辑或发布通报。");
      return;
    }
  }
  const notice = await service.get(id);
  // A draft is an admin's work in progress: to anyone else it does not exist.
  if (!notice || (notice.status === "draft" && !ctx.isAdmin)) {
    await reply.ack("该通报不存在。");
    return;
  }
  switch (verb) {
    case "ack": {
      if (notice.status !== "published") {
        await reply.ack("草稿无需确认。");
        return;
      }
      const first = await service.acknowledge(id, {
        platform: event.platform,
        userId: event.user.id,
        userName: event.user.name,
        chatId: event.chat.id,
      });
      await reply.ack(first ? "已记录：您已阅读并知晓本通报。" : "您已确认过，无需重复。");
      return;
    }
    case "clauses":
      await reply.ack();
      await privatelyOrHere(ctx, renderClauses(notice));
      return;
    case "full":
      await reply.ack();
      await privatelyOrHere(
        ctx,
        renderNotice(notice, notice.correctsId ? await service.get(notice.correctsId) : undefined, {
          full: true,
        }),
      );
      return;
    case "pub":
    case "cl": {
      try {
        if (verb === "cl" && extra !== undefined) {
          await reply.ack();
          await reply.send(renderReview(await service.setClause(id, extra)));
          return;
        }
        await service.publish(id, { by: `${event.platform}:${event.user.id}` });
        await reply.ack("已发布。");
        await reply.send(
          textMessage(
            `第 ${id} 号通报已发布，将发送到 ${(await service.status(id)).targets} 个群。`,
          ),
        );
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
