import type { FeatureDescriptor } from "../../kernel/feature.js";
import { CHATS, DELIVERIES, ROLES } from "../../kernel/ports.js";
import { RATE_LIMITS, SHARED_STATE } from "../../kernel/shared-state.js";
import { grant, revoke } from "./admin-commands.js";
import { help, language, subscribe, unsubscribe } from "./chat-settings.js";
import { POSTGRES_MIGRATIONS } from "./postgres-schema.js";
import { SQLITE_MIGRATIONS } from "./sqlite-schema.js";
import { openChatStore, openConversations } from "./stores.js";

/**
 * Groups and DMs the bot has seen: their language, case-notice subscriptions
 * and tags, admin grants and the audit of admin commands, and the delivery
 * ids that make a redelivered update count once; conversation state and
 * rate buckets. It provides the kernel's own ports, so every bot registers
 * it first.
 */
export const groupsFeature: FeatureDescriptor = {
  name: "groups",
  migrations: { sqlite: SQLITE_MIGRATIONS, postgres: POSTGRES_MIGRATIONS },
  open(env) {
    const store = openChatStore(env.storage, env.now, {
      deliveryRetentionMs: env.settings.operations.deliveryRetentionDays * 24 * 3_600_000,
    });
    env.services.provide(CHATS, store);
    env.services.provide(ROLES, store);
    env.services.provide(DELIVERIES, store);
    const conversations = openConversations(env.storage, env.now);
    env.services.provide(SHARED_STATE, conversations.state);
    env.services.provide(RATE_LIMITS, conversations.rates);
    return {
      commands: {
        help: { access: "anyone", aliases: ["start", "帮助"], run: (ctx) => help(ctx) },
        subscribe: {
          access: "chat-admin",
          aliases: ["订阅"],
          run: (ctx, args) => subscribe(ctx, args, env.platforms.local.has(ctx.event.platform)),
        },
        unsubscribe: {
          access: "chat-admin",
          aliases: ["退订", "取消订阅"],
          run: (ctx) => unsubscribe(ctx),
        },
        language: { access: "anyone", aliases: ["语言", "lang"], run: language },
        grant: { access: "bot-admin", aliases: ["授权"], run: grant },
        revoke: { access: "bot-admin", aliases: ["撤销"], run: revoke },
      },
      help: {
        zh: "命令：/ask 提问 · /subscribe 订阅通报 · /unsubscribe 退订 · /language 语言 · /help 帮助",
        en: "Commands: /ask · /subscribe to case notices · /unsubscribe · /language · /help",
      },
    };
  },
};
