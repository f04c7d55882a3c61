import type { FeatureEnv } from "../../kernel/feature.js";
import { sqliteOf } from "../../storage/sqlite.js";
import { SqliteChatStore } from "./sqlite-chat-store.js";

/** Chats, admin grants and delivery ids on the bot's storage backend. */
export function openChatStore(env: FeatureEnv): SqliteChatStore {
  return new SqliteChatStore(sqliteOf(env.storage), () => new Date(env.now()), {
    deliveryRetentionMs: env.settings.operations.deliveryRetentionDays * 24 * 3_600_000,
  });
}
