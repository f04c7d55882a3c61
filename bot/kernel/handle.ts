import { askQuestion } from "../features/ask/ask-command.js";
import { campaignAction, campaignCommand } from "../features/campaigns/campaign-commands.js";
import { caseAction, caseCommand, caseFlowMessage } from "../features/cases/case-commands.js";
import { CaseFlows } from "../features/cases/guided-flow.js";
import {
  feedbackAction,
  fullClauseAction,
  recordReason,
} from "../features/feedback/feedback-actions.js";
import { grant, revoke, stats } from "../features/groups/admin-commands.js";
import { help, language, subscribe, unsubscribe } from "../features/groups/chat-settings.js";
import { leaderboardCommand, quizAction, quizCommand } from "../features/quiz/quiz-commands.js";
import { ConversationMemory, type HandlerContext, userKey } from "./context.js";
import type { CoreDeps } from "./deps.js";
import type { ActionEvent, CoreEvent, MessageEvent } from "./events.js";
import { type Lang, t } from "./i18n.js";
import { textMessage } from "./out-message.js";
import { RateLimiter } from "./rate-limiter.js";
import type { Reply } from "./reply.js";

type Access = "anyone" | "chat-admin" | "bot-admin";
interface CommandSpec {
  access: Access;
  run: (ctx: HandlerContext, args: string, limiter: RateLimiter) => Promise<void>;
}

const COMMANDS: Record<string, CommandSpec> = {
  help: { access: "anyone", run: (ctx) => help(ctx) },
  ask: { access: "anyone", run: (ctx, args, limiter) => askQuestion(ctx, args, limiter) },
  subscribe: { access: "chat-admin", run: (ctx, args) => subscribe(ctx, args) },
  unsubscribe: { access: "chat-admin", run: (ctx) => unsubscribe(ctx) },
  language: { access: "anyone", run: (ctx, args) => language(ctx, args) },
  stats: { access: "bot-admin", run: (ctx, args) => stats(ctx, args) },
  grant: { access: "bot-admin", run: (ctx, args) => grant(ctx, args) },
  revoke: { access: "bot-admin", run: (ctx, args) => revoke(ctx, args) },
  case: { access: "bot-admin", run: (ctx, args) => caseCommand(ctx, args) },
  quiz: { access: "anyone", run: (ctx, args) => quizCommand(ctx, args) },
  leaderboard: { access: "anyone", run: (ctx) => leaderboardCommand(ctx) },
  campaign: { access: "anyone", run: (ctx, args) => campaignCommand(ctx, args) },
};

/** The command names the core knows (adapters that must tell commands from text use it). */
export const COMMAND_NAMES: string[] = Object.keys(COMMANDS);

/** Chinese labels and English aliases of the commands. */
export const COMMAND_ALIASES: Record<string, string> = {
  start: "help",
  帮助: "help",
  提问: "ask",
  问: "ask",
  订阅: "subscribe",
  退订: "unsubscribe",
  取消订阅: "unsubscribe",
  语言: "language",
  lang: "language",
  统计: "stats",
  授权: "grant",
  撤销: "revoke",
  案例: "case",
  通报: "case",
  cases: "case",
  测验: "quiz",
  练习: "quiz",
  答题: "quiz",
  排行榜: "leaderboard",
  培训: "campaign",
  rank: "leaderboard",
};

export type Handle = (event: CoreEvent, reply: Reply) => Promise<void>;

/**
 * The one inbound port. Adapters map their wire format to a CoreEvent and a
 * Reply bound to where it came from, then call this. A redelivered event is
 * handled once; a failure is logged and answered politely, never thrown back
 * into the adapter's loop.
 */
export function createHandle(deps: CoreDeps): Handle {
  const memory = new ConversationMemory(deps.now);
  const caseFlows = new CaseFlows(deps.now);
  const quizSelections = new Map<string, Set<number>>();
  const campaignSessions = new Map<string, number>();
  const limiter = new RateLimiter({
    ...(deps.rateLimit ?? { capacity: 5, refillPerMinute: 6 }),
    now: deps.now,
  });
  return async (event, reply) => {
    if (event.deliveryId && !deps.deliveries.firstTime(event.platform, event.deliveryId)) {
      deps.log("debug", "duplicate delivery ignored", {
        platform: event.platform,
        deliveryId: event.deliveryId,
      });
      if (event.type === "action") await reply.ack();
      return;
    }
    deps.chats.seen(event.platform, event.chat);
    const lang: Lang = deps.chats.get(event.platform, event.chat.id)?.language ?? "zh";
    const ctx: HandlerContext = {
      event,
      reply,
      deps,
      lang,
      isAdmin: isBotAdmin(deps, event),
      memory,
      caseFlows,
      quizSelections,
      campaignSessions,
    };
    // Per-user quiz state is small but unbounded in principle: keep the newest 10,000.
    for (const state of [quizSelections, campaignSessions] as Map<string, unknown>[])
      while (state.size > 10_000) {
        const oldest = state.keys().next().value;
        if (oldest === undefined) break;
        state.delete(oldest);
      }
    try {
      if (event.type === "action") await onAction(ctx, event);
      else await onMessage(ctx, event, limiter);
    } catch (error) {
      deps.log("error", "event failed", {
        platform: event.platform,
        type: event.type,
        error: error instanceof Error ? error.message : String(error),
      });
      try {
        if (event.type === "action") await reply.ack(t("error", lang));
        else await reply.send(textMessage(t("error", lang)));
      } catch {
        // The platform itself is failing; the log above has it.
      }
    }
  };
}

async function onMessage(
  ctx: HandlerContext,
  event: MessageEvent,
  limiter: RateLimiter,
): Promise<void> {
  if (!event.command && event.chat.type === "dm" && ctx.caseFlows.active(userKey(event))) {
    await caseFlowMessage(ctx, event.text);
    return;
  }
  const pending = event.command ? undefined : ctx.memory.takePendingReason(userKey(event));
  if (pending !== undefined && event.text.trim() !== "") {
    await recordReason(ctx, pending, event.text.trim());
    return;
  }
  if (event.command) {
    const name = COMMAND_ALIASES[event.command.name] ?? event.command.name;
    const spec = COMMANDS[name];
    if (!spec) {
      if (event.addressed) await ctx.reply.send(textMessage(t("unknownCommand", ctx.lang)));
      return;
    }
    if (spec.access !== "anyone") {
      const allowed =
        ctx.isAdmin || (spec.access === "chat-admin" && event.user.isChatAdmin === true);
      ctx.deps.roles.audit(event.platform, event.user.id, name, allowed);
      if (!allowed) {
        ctx.deps.log("warn", "admin command refused", {
          platform: event.platform,
          user: event.user.id,
          command: name,
        });
        await ctx.reply.send(textMessage(t("notAdmin", ctx.lang)));
        return;
      }
    }
    await spec.run(ctx, event.command.args, limiter);
    return;
  }
  if (event.addressed) await askQuestion(ctx, event.text, limiter);
}

async function onAction(ctx: HandlerContext, event: ActionEvent): Promise<void> {
  const feedback = /^fb:([ud]):(\d+)$/.exec(event.data);
  if (feedback) {
    await feedbackAction(ctx, feedback[1] as "u" | "d", Number(feedback[2]));
    return;
  }
  const full = /^full:(\d+):(\d+)$/.exec(event.data);
  if (full) {
    await fullClauseAction(ctx, Number(full[1]), Number(full[2]));
    return;
  }
  if (event.data.startsWith("cp:")) {
    await campaignAction(ctx, event.data);
    return;
  }
  if (event.data.startsWith("qz:")) {
    await quizAction(ctx, event.data);
    return;
  }
  const notice = /^case:(ack|clauses|full|pub|cl):(\d+)(?::(\d+))?$/.exec(event.data);
  if (notice?.[1]) {
    await caseAction(ctx, notice[1], Number(notice[2]), notice[3] ? Number(notice[3]) : undefined);
    return;
  }
  await ctx.reply.ack();
}

function isBotAdmin(deps: CoreDeps, event: CoreEvent): boolean {
  return (
    (deps.configuredAdmins[event.platform] ?? []).includes(event.user.id) ||
    deps.roles.isGranted(event.platform, event.user.id)
  );
}
