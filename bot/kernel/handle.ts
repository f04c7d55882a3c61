import type { HandlerContext } from "./context.js";
import type { ActionEvent, CoreEvent, MessageEvent, Platform } from "./events.js";
import type { ActionSpec, ChatFeature, CommandSpec } from "./feature.js";
import { type Lang, t } from "./i18n.js";
import type { Log } from "./log.js";
import { textMessage } from "./out-message.js";
import type { ChatDirectory, DeliveryLog, RoleStore } from "./ports.js";
import type { Reply } from "./reply.js";

export type Handle = (event: CoreEvent, reply: Reply) => Promise<void>;

export interface KernelDeps {
  chats: ChatDirectory;
  roles: RoleStore;
  deliveries: DeliveryLog;
  /** Bot admins named in each platform's configuration. */
  configuredAdmins: ReadonlyMap<Platform, readonly string[]>;
  now: () => number;
  log: Log;
}

/** The chat surface of every registered feature, merged: commands by name and alias, buttons by prefix. */
export class FeatureRouter {
  private readonly commands = new Map<string, CommandSpec & { name: string }>();
  private readonly actions: ActionSpec[] = [];
  private readonly interceptors: NonNullable<ChatFeature["intercept"]>[] = [];
  private readonly helpLines: ChatFeature["help"][] = [];
  readonly text: ChatFeature["text"];

  constructor(features: readonly ChatFeature[]) {
    let text: ChatFeature["text"];
    for (const feature of features) {
      for (const [name, spec] of Object.entries(feature.commands ?? {})) {
        for (const key of [name, ...(spec.aliases ?? [])]) {
          if (this.commands.has(key)) throw new Error(`command "${key}" is registered twice`);
          this.commands.set(key, { ...spec, name });
        }
      }
      this.actions.push(...(feature.actions ?? []));
      if (feature.intercept) this.interceptors.push(feature.intercept.bind(feature));
      if (feature.help) this.helpLines.push(feature.help);
      if (feature.text) {
        if (text) throw new Error("two features take plain questions");
        text = feature.text.bind(feature);
      }
    }
    this.text = text;
    // Longest prefix first, so "case:ack:" wins over "case:" if both exist.
    this.actions.sort((a, b) => b.prefix.length - a.prefix.length);
  }

  /** A command by name or alias (the adapters tell commands from text with it). */
  command(name: string): (CommandSpec & { name: string }) | undefined {
    return this.commands.get(name);
  }

  action(data: string): ActionSpec | undefined {
    return this.actions.find((a) => data.startsWith(a.prefix));
  }

  async intercept(ctx: HandlerContext, event: MessageEvent): Promise<boolean> {
    for (const intercept of this.interceptors) if (await intercept(ctx, event)) return true;
    return false;
  }

  help(lang: Lang): string {
    return [t("help", lang), ...this.helpLines.map((h) => h?.[lang] ?? "")]
      .filter(Boolean)
      .join("\n");
  }
}

/**
 * The one inbound port. Adapters map their wire format to a CoreEvent and a
 * Reply bound to where it came from, then call this. It routes to whatever
 * features registered the command or button; a redelivered event is handled
 * once; a failure is logged and answered politely, never thrown back into the
 * adapter's loop.
 */
export function createHandle(deps: KernelDeps, router: FeatureRouter): Handle {
  return async (event, reply) => {
    if (event.deliveryId && !(await deps.deliveries.firstTime(event.platform, event.deliveryId))) {
      deps.log("debug", "duplicate delivery ignored", {
        platform: event.platform,
        deliveryId: event.deliveryId,
      });
      if (event.type === "action") await reply.ack();
      return;
    }
    await deps.chats.seen(event.platform, event.chat);
    const lang: Lang = (await deps.chats.get(event.platform, event.chat.id))?.language ?? "zh";
    const ctx: HandlerContext = {
      event,
      reply,
      lang,
      isAdmin: await isBotAdmin(deps, event),
      now: deps.now,
      log: deps.log,
      chats: deps.chats,
      roles: deps.roles,
      help: () => router.help(lang),
    };
    try {
      if (event.type === "action") await onAction(ctx, router, event);
      else await onMessage(ctx, router, event);
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
  router: FeatureRouter,
  event: MessageEvent,
): Promise<void> {
  if (!event.command && (await router.intercept(ctx, event))) return;
  if (event.command) {
    const spec = router.command(event.command.name);
    if (!spec) {
      if (event.addressed) await ctx.reply.send(textMessage(t("unknownCommand", ctx.lang)));
      return;
    }
    if (spec.access !== "anyone") {
      const allowed =
        ctx.isAdmin || (spec.access === "chat-admin" && event.user.isChatAdmin === true);
      await ctx.roles.audit(event.platform, event.user.id, spec.name, allowed);
      if (!allowed) {
        ctx.log("warn", "admin command refused", {
          platform: event.platform,
          user: event.user.id,
          command: spec.name,
        });
        await ctx.reply.send(textMessage(t("notAdmin", ctx.lang)));
        return;
      }
    }
    await spec.run(ctx, event.command.args);
    return;
  }
  if (event.addressed && router.text) await router.text(ctx, event.text);
}

async function onAction(
  ctx: HandlerContext,
  router: FeatureRouter,
  event: ActionEvent,
): Promise<void> {
  const action = router.action(event.data);
  if (action) await action.run(ctx, event.data);
  else await ctx.reply.ack();
}

async function isBotAdmin(deps: KernelDeps, event: CoreEvent): Promise<boolean> {
  return (
    (deps.configuredAdmins.get(event.platform) ?? []).includes(event.user.id) ||
    (await deps.roles.isGranted(event.platform, event.user.id))
  );
}
