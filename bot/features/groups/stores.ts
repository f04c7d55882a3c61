import type { FeatureEnv } from "../../kernel/feature.js";
import type {
  ChatDirectory,
  DeliveryLog,
  RoleStore,
  SubscriptionHealth,
} from "../../kernel/ports.js";
import { memoryOf } from "../../storage/memory.js";
import { sqliteOf } from "../../storage/sqlite.js";
import { MemoryChatStore } from "./memory-chat-store.js";
import { SqliteChatStore } from "./sqlite-chat-store.js";

export type ChatStore = ChatDirectory & RoleStore & DeliveryLog & SubscriptionHealth;

/** Chats, admin grants and delivery ids on the bot's storage backend. */
export function openChatStore(env: FeatureEnv): ChatStore {
  const now = () => new Date(env.now());
  const options = {
    deliveryRetentionMs: env.settings.operations.deliveryRetentionDays * 24 * 3_600_000,
  };
  if (env.storage.backend === "memory")
    return new MemoryChatStore(memoryOf(env.storage), now, options);
  return new SqliteChatStore(sqliteOf(env.storage), now, options);
}
