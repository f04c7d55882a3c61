import type { ChatRef, Platform } from "../../kernel/events.js";
import type {
  ChatDirectory,
  ChatRecord,
  DeliveryLog,
  RoleStore,
  SubscriptionHealth,
} from "../../kernel/ports.js";
import { compareText, IdRows, keyOf, type MemoryStorage } from "../../storage/memory.js";
import { DELIVERY_RETENTION_MS, PRUNE_EVERY_MS } from "./delivery-retention.js";

interface ChatRow {
  platform: Platform;
  chatId: string;
  type: ChatRef["type"];
  title: string | undefined;
  language: "zh" | "en" | undefined;
  subscribed: boolean;
  tags: string[];
  subscribedBy: string | undefined;
  subscribedAt: string | undefined;
  deactivatedReason: string | undefined;
  firstSeen: string;
}

interface AuditRow {
  id: number;
  platform: string;
  userId: string;
  command: string;
  allowed: boolean;
  at: string;
}

interface ChatTables {
  chats: Map<string, ChatRow>;
  grants: Map<string, { grantedBy: string; grantedAt: string }>;
  audit: IdRows<AuditRow>;
  /** Delivery id key → when it was first seen (ISO, compared as text like the SQL). */
  deliveries: Map<string, string>;
}

/** Chats, admin grants and processed deliveries in memory, as SqliteChatStore keeps them. */
export class MemoryChatStore implements ChatDirectory, RoleStore, DeliveryLog, SubscriptionHealth {
  private lastPrune = Number.NEGATIVE_INFINITY;
  private readonly t: ChatTables;

  constructor(
    storage: MemoryStorage,
    private readonly now: () => Date = () => new Date(),
    private readonly options: { deliveryRetentionMs?: number } = {},
  ) {
    this.t = storage.table<ChatTables>("chats", () => ({
      chats: new Map(),
      grants: new Map(),
      audit: new IdRows<AuditRow>(),
      deliveries: new Map(),
    }));
  }

  async seen(platform: Platform, chat: ChatRef): Promise<void> {
    const row = this.t.chats.get(keyOf(platform, chat.id));
    if (row) {
      row.title = chat.title ?? row.title;
      return;
    }
    this.t.chats.set(keyOf(platform, chat.id), {
      platform,
      chatId: chat.id,
      type: chat.type,
      title: chat.title,
      language: undefined,
      subscribed: false,
      tags: [],
      subscribedBy: undefined,
      subscribedAt: undefined,
      deactivatedReason: undefined,
      firstSeen: this.now().toISOString(),
    });
  }

  async get(platform: Platform, chatId: string): Promise<ChatRecord | undefined> {
    const row = this.t.chats.get(keyOf(platform, chatId));
    return row ? toRecord(row) : undefined;
  }

  async setLanguage(platform: Platform, chatId: string, language: "zh" | "en"): Promise<void> {
    const row = this.t.chats.get(keyOf(platform, chatId));
    if (row) row.language = language;
  }

  async subscribe(platform: Platform, chatId: string, tags: string[], by: string): Promise<void> {
    const row = this.t.chats.get(keyOf(platform, chatId));
    if (!row) return;
    row.subscribed = true;
    row.tags = [...tags];
    row.subscribedBy = by;
    row.subscribedAt = this.now().toISOString();
    row.deactivatedReason = undefined;
  }

  async unsubscribe(platform: Platform, chatId: string): Promise<boolean> {
    const row = this.t.chats.get(keyOf(platform, chatId));
    if (!row?.subscribed) return false;
    row.subscribed = false;
    return true;
  }

  async subscribed(): Promise<ChatRecord[]> {
    return [...this.t.chats.values()]
      .filter((r) => r.subscribed)
      .sort((a, b) => compareText(a.platform, b.platform) || compareText(a.chatId, b.chatId))
      .map(toRecord);
  }

  async deactivate(platform: Platform, chatId: string, reason: string): Promise<void> {
    this.markDeactivated(platform, chatId, reason);
  }

  private markDeactivated(platform: Platform, chatId: string, reason: string): void {
    const row = this.t.chats.get(keyOf(platform, chatId));
    if (!row) return;
    row.subscribed = false;
    row.deactivatedReason = reason;
  }

  async moved(platform: Platform, fromChatId: string, toChatId: string): Promise<void> {
    const from = this.t.chats.get(keyOf(platform, fromChatId));
    if (from) {
      const to = this.t.chats.get(keyOf(platform, toChatId));
      if (to) {
        to.subscribed = from.subscribed;
        to.tags = [...from.tags];
      } else {
        this.t.chats.set(keyOf(platform, toChatId), {
          ...from,
          chatId: toChatId,
          tags: [...from.tags],
          deactivatedReason: undefined,
        });
      }
    }
    this.markDeactivated(platform, fromChatId, `moved to ${toChatId}`);
  }

  async isGranted(platform: Platform, userId: string): Promise<boolean> {
    return this.t.grants.has(keyOf(platform, userId));
  }

  async grant(platform: Platform, userId: string, by: string): Promise<void> {
    const key = keyOf(platform, userId);
    if (!this.t.grants.has(key))
      this.t.grants.set(key, { grantedBy: by, grantedAt: this.now().toISOString() });
  }

  async revoke(platform: Platform, userId: string): Promise<boolean> {
    return this.t.grants.delete(keyOf(platform, userId));
  }

  async audit(
    platform: Platform,
    userId: string,
    command: string,
    allowed: boolean,
  ): Promise<void> {
    this.t.audit.insert({ platform, userId, command, allowed, at: this.now().toISOString() });
  }

  async auditLog(limit = 50) {
    const newestFirst = this.t.audit.all().reverse();
    // SQLite reads a negative LIMIT as no limit.
    return (limit < 0 ? newestFirst : newestFirst.slice(0, limit)).map((r) => ({
      platform: r.platform,
      userId: r.userId,
      command: r.command,
      allowed: r.allowed,
      at: r.at,
    }));
  }

  async firstTime(platform: Platform, deliveryId: string): Promise<boolean> {
    const now = this.now();
    this.pruneDeliveries(now);
    const key = keyOf(platform, deliveryId);
    if (this.t.deliveries.has(key)) return false;
    this.t.deliveries.set(key, now.toISOString());
    return true;
  }

  private pruneDeliveries(now: Date): void {
    if (now.getTime() - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now.getTime();
    const retention = this.options.deliveryRetentionMs ?? DELIVERY_RETENTION_MS;
    const cutoff = new Date(now.getTime() - retention).toISOString();
    for (const [key, at] of this.t.deliveries) if (at < cutoff) this.t.deliveries.delete(key);
  }
}

function toRecord(row: ChatRow): ChatRecord {
  return {
    platform: row.platform,
    chatId: row.chatId,
    type: row.type,
    title: row.title,
    language: row.language,
    subscribed: row.subscribed,
    tags: [...row.tags],
    deactivatedReason: row.deactivatedReason,
  };
}
