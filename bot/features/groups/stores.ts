import type {
  ChatDirectory,
  DeliveryLog,
  RoleStore,
  SubscriptionHealth,
} from "../../kernel/ports.js";
import {
  MemoryRateLimits,
  MemorySharedState,
  type RateLimits,
  type SharedState,
} from "../../kernel/shared-state.js";
import type { Storage } from "../../kernel/storage.js";
import { memoryOf } from "../../storage/memory.js";
import { postgresOf } from "../../storage/postgres.js";
import { sqliteOf } from "../../storage/sqlite.js";
import { MemoryChatStore } from "./memory-chat-store.js";
import { PostgresChatStore } from "./postgres-chat-store.js";
import { PostgresRateLimits, PostgresSharedState } from "./postgres-shared-state.js";
import { SqliteChatStore } from "./sqlite-chat-store.js";

export type ChatStore = ChatDirectory & RoleStore & DeliveryLog & SubscriptionHealth;

/** Chats, admin grants and delivery ids on the bot's storage backend. */
export function openChatStore(
  storage: Storage,
  now: () => number,
  options: { deliveryRetentionMs?: number } = {},
): ChatStore {
  const clock = () => new Date(now());
  if (storage.backend === "memory") return new MemoryChatStore(memoryOf(storage), clock, options);
  if (storage.backend === "postgres") {
    return new PostgresChatStore(postgresOf(storage), clock, options);
  }
  return new SqliteChatStore(sqliteOf(storage), clock, options);
}

/**
 * Conversation state and rate buckets: in this process on SQLite (one
 * instance) and memory; on PostgreSQL in the database, shared by every
 * instance.
 */
export function openConversations(
  storage: Storage,
  now: () => number,
): { state: SharedState; rates: RateLimits } {
  if (storage.backend === "postgres") {
    const pool = postgresOf(storage);
    return { state: new PostgresSharedState(pool, now), rates: new PostgresRateLimits(pool, now) };
  }
  return { state: new MemorySharedState(now), rates: new MemoryRateLimits(now) };
}
