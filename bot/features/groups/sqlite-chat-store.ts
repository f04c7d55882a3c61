import type Database from "better-sqlite3";
import type { ChatRef, Platform } from "../../kernel/events.js";
import type {
  ChatDirectory,
  ChatRecord,
  DeliveryLog,
  RoleStore,
  SubscriptionHealth,
} from "../../kernel/ports.js";
import { type ChatRow, toRecord } from "./chat-rows.js";
import { DELIVERY_RETENTION_MS, PRUNE_EVERY_MS } from "./delivery-retention.js";

/** Chats, admin grants and processed deliveries in the app's SQLite database. */
export class SqliteChatStore implements ChatDirectory, RoleStore, DeliveryLog, SubscriptionHealth {
  private lastPrune = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date = () => new Date(),
    private readonly options: {
      /** Delivery ids older than this are forgotten (QINGFENG_DELIVERY_RETENTION_DAYS). */
      deliveryRetentionMs?: number;
    } = {},
  ) {}

  async seen(platform: Platform, chat: ChatRef): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO chats (platform, chat_id, type, title, first_seen) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(platform, chat_id) DO UPDATE SET title = COALESCE(excluded.title, chats.title)`,
      )
      .run(platform, chat.id, chat.type, chat.title ?? null, this.now().toISOString());
  }

  async get(platform: Platform, chatId: string): Promise<ChatRecord | undefined> {
    const row = this.db
      .prepare("SELECT * FROM chats WHERE platform = ? AND chat_id = ?")
      .get(platform, chatId) as ChatRow | undefined;
    return row ? toRecord(row) : undefined;
  }

  async setLanguage(platform: Platform, chatId: string, language: "zh" | "en"): Promise<void> {
    this.db
      .prepare("UPDATE chats SET language = ? WHERE platform = ? AND chat_id = ?")
      .run(language, platform, chatId);
  }

  async subscribe(platform: Platform, chatId: string, tags: string[], by: string): Promise<void> {
    this.db
      .prepare(
        `UPDATE chats SET subscribed = 1, tags = ?, subscribed_by = ?, subscribed_at = ?, deactivated_reason = NULL
         WHERE platform = ? AND chat_id = ?`,
      )
      .run(JSON.stringify(tags), by, this.now().toISOString(), platform, chatId);
  }

  async unsubscribe(platform: Platform, chatId: string): Promise<boolean> {
    return (
      this.db
        .prepare(
          "UPDATE chats SET subscribed = 0 WHERE platform = ? AND chat_id = ? AND subscribed = 1",
        )
        .run(platform, chatId).changes > 0
    );
  }

  async subscribed(): Promise<ChatRecord[]> {
    const rows = this.db
      .prepare("SELECT * FROM chats WHERE subscribed = 1 ORDER BY platform, chat_id")
      .all() as ChatRow[];
    return rows.map(toRecord);
  }

  async deactivate(platform: Platform, chatId: string, reason: string): Promise<void> {
    this.markDeactivated(platform, chatId, reason);
  }

  private markDeactivated(platform: Platform, chatId: string, reason: string): void {
    this.db
      .prepare(
        "UPDATE chats SET subscribed = 0, deactivated_reason = ? WHERE platform = ? AND chat_id = ?",
      )
      .run(reason, platform, chatId);
  }

  /** A Telegram group upgraded to a supergroup keeps its subscription under the new id. */
  async moved(platform: Platform, fromChatId: string, toChatId: string): Promise<void> {
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO chats (platform, chat_id, type, title, language, subscribed, tags, subscribed_by, subscribed_at, first_seen)
           SELECT platform, ?, type, title, language, subscribed, tags, subscribed_by, subscribed_at, first_seen
           FROM chats WHERE platform = ? AND chat_id = ?
           ON CONFLICT(platform, chat_id) DO UPDATE SET subscribed = excluded.subscribed, tags = excluded.tags`,
        )
        .run(toChatId, platform, fromChatId);
      this.markDeactivated(platform, fromChatId, `moved to ${toChatId}`);
    })();
  }

  async isGranted(platform: Platform, userId: string): Promise<boolean> {
    return (
      this.db
        .prepare("SELECT 1 FROM admin_grants WHERE platform = ? AND user_id = ?")
        .get(platform, userId) !== undefined
    );
  }

  async grant(platform: Platform, userId: string, by: string): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO admin_grants (platform, user_id, granted_by, granted_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(platform, user_id) DO NOTHING`,
      )
      .run(platform, userId, by, this.now().toISOString());
  }

  async revoke(platform: Platform, userId: string): Promise<boolean> {
    return (
      this.db
        .prepare("DELETE FROM admin_grants WHERE platform = ? AND user_id = ?")
        .run(platform, userId).changes > 0
    );
  }

  async audit(
    platform: Platform,
    userId: string,
    command: string,
    allowed: boolean,
  ): Promise<void> {
    this.db
      .prepare(
        "INSERT INTO admin_audit (platform, user_id, command, allowed, at) VALUES (?, ?, ?, ?, ?)",
      )
      .run(platform, userId, command, allowed ? 1 : 0, this.now().toISOString());
  }

  async auditLog(limit = 50) {
    const rows = this.db
      .prepare(
        "SELECT platform, user_id, command, allowed, at FROM admin_audit ORDER BY id DESC LIMIT ?",
      )
      .all(limit) as {
      platform: string;
      user_id: string;
      command: string;
      allowed: number;
      at: string;
    }[];
    return rows.map((r) => ({
      platform: r.platform,
      userId: r.user_id,
      command: r.command,
      allowed: r.allowed === 1,
      at: r.at,
    }));
  }

  async firstTime(platform: Platform, deliveryId: string): Promise<boolean> {
    const now = this.now();
    this.pruneDeliveries(now);
    return (
      this.db
        .prepare(
          "INSERT INTO processed_deliveries (platform, delivery_id, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
        )
        .run(platform, deliveryId, now.toISOString()).changes > 0
    );
  }

  /**
   * Forgets delivery ids past the retention window, so the table stays the
   * size of a few days of traffic instead of growing forever. A platform
   * redelivers within minutes (Slack) or a day (Telegram): far inside it.
   */
  private pruneDeliveries(now: Date): void {
    if (now.getTime() - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now.getTime();
    const retention = this.options.deliveryRetentionMs ?? DELIVERY_RETENTION_MS;
    const cutoff = new Date(now.getTime() - retention).toISOString();
    this.db.prepare("DELETE FROM processed_deliveries WHERE at < ?").run(cutoff);
  }
}
