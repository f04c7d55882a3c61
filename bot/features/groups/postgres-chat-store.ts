import { randomUUID } from "node:crypto";
import type pg from "pg";
import { PgQueries } from "../../../knowledge/store/pg-queries.js";
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

/** Chats, admin grants and processed deliveries on PostgreSQL, shared by every instance. */
export class PostgresChatStore
  implements ChatDirectory, RoleStore, DeliveryLog, SubscriptionHealth
{
  private lastPrune = Number.NEGATIVE_INFINITY;
  private readonly q: PgQueries;

  constructor(
    pool: pg.Pool,
    private readonly now: () => Date = () => new Date(),
    private readonly options: { deliveryRetentionMs?: number } = {},
  ) {
    this.q = new PgQueries(pool);
  }

  async seen(platform: Platform, chat: ChatRef): Promise<void> {
    await this.q.run(
      `INSERT INTO chats (platform, chat_id, type, title, first_seen) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (platform, chat_id) DO UPDATE SET title = COALESCE(excluded.title, chats.title)`,
      [platform, chat.id, chat.type, chat.title ?? null, this.now().toISOString()],
    );
  }

  async get(platform: Platform, chatId: string): Promise<ChatRecord | undefined> {
    const row = await this.q.row<ChatRow>(
      "SELECT * FROM chats WHERE platform = $1 AND chat_id = $2",
      [platform, chatId],
    );
    return row ? toRecord(row) : undefined;
  }

  async setLanguage(platform: Platform, chatId: string, language: "zh" | "en"): Promise<void> {
    await this.q.run("UPDATE chats SET language = $1 WHERE platform = $2 AND chat_id = $3", [
      language,
      platform,
      chatId,
    ]);
  }

  async subscribe(platform: Platform, chatId: string, tags: string[], by: string): Promise<void> {
    await this.q.run(
      `UPDATE chats SET subscribed = 1, tags = $1, subscribed_by = $2, subscribed_at = $3, deactivated_reason = NULL
       WHERE platform = $4 AND chat_id = $5`,
      [JSON.stringify(tags), by, this.now().toISOString(), platform, chatId],
    );
  }

  async unsubscribe(platform: Platform, chatId: string): Promise<boolean> {
    const changed = await this.q.run(
      "UPDATE chats SET subscribed = 0 WHERE platform = $1 AND chat_id = $2 AND subscribed = 1",
      [platform, chatId],
    );
    return changed > 0;
  }

  async subscribed(): Promise<ChatRecord[]> {
    const rows = await this.q.rows<ChatRow>(
      "SELECT * FROM chats WHERE subscribed = 1 ORDER BY platform, chat_id",
    );
    return rows.map(toRecord);
  }

  async deactivate(platform: Platform, chatId: string, reason: string): Promise<void> {
    await markDeactivated(this.q, platform, chatId, reason);
  }

  /** A Telegram group upgraded to a supergroup keeps its subscription under the new id. */
  async moved(platform: Platform, fromChatId: string, toChatId: string): Promise<void> {
    await this.q.tx(async (q) => {
      await q.run(
        `INSERT INTO chats (platform, chat_id, type, title, language, subscribed, tags, subscribed_by, subscribed_at, first_seen)
         SELECT platform, $1, type, title, language, subscribed, tags, subscribed_by, subscribed_at, first_seen
         FROM chats WHERE platform = $2 AND chat_id = $3
         ON CONFLICT (platform, chat_id) DO UPDATE SET subscribed = excluded.subscribed, tags = excluded.tags`,
        [toChatId, platform, fromChatId],
      );
      await markDeactivated(q, platform, fromChatId, `moved to ${toChatId}`);
    });
  }

  async isGranted(platform: Platform, userId: string): Promise<boolean> {
    const row = await this.q.row(
      "SELECT 1 FROM admin_grants WHERE platform = $1 AND user_id = $2",
      [platform, userId],
    );
    return row !== undefined;
  }

  async grant(platform: Platform, userId: string, by: string): Promise<void> {
    await this.q.run(
      `INSERT INTO admin_grants (platform, user_id, granted_by, granted_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (platform, user_id) DO NOTHING`,
      [platform, userId, by, this.now().toISOString()],
    );
  }

  async revoke(platform: Platform, userId: string): Promise<boolean> {
    const changed = await this.q.run(
      "DELETE FROM admin_grants WHERE platform = $1 AND user_id = $2",
      [platform, userId],
    );
    return changed > 0;
  }

  async audit(
    platform: Platform,
    userId: string,
    command: string,
    allowed: boolean,
  ): Promise<void> {
    await this.q.run(
      "INSERT INTO admin_audit (platform, user_id, command, allowed, at) VALUES ($1, $2, $3, $4, $5)",
      [platform, userId, command, allowed ? 1 : 0, this.now().toISOString()],
    );
  }

  async auditLog(limit = 50) {
    const rows = await this.q.rows<{
      platform: string;
      user_id: string;
      command: string;
      allowed: number;
      at: string;
    }>(
      "SELECT platform, user_id, command, allowed, at FROM admin_audit ORDER BY id DESC LIMIT $1",
      [limit],
    );
    return rows.map((r) => ({
      platform: r.platform,
      userId: r.user_id,
      command: r.command,
      allowed: r.allowed === 1,
      at: r.at,
    }));
  }

  /**
   * One INSERT on the shared table: of two instances given the same update,
   * exactly one wins. The row carries this call's token, so an insert that
   * committed but lost its answer with the connection (and was tried again)
   * is still recognised as this call's own, not as a redelivery.
   */
  async firstTime(platform: Platform, deliveryId: string): Promise<boolean> {
    const now = this.now();
    await this.pruneDeliveries(now);
    const token = randomUUID();
    const inserted = await this.q.run(
      "INSERT INTO processed_deliveries (platform, delivery_id, at, token) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
      [platform, deliveryId, now.toISOString(), token],
    );
    if (inserted > 0) return true;
    const mine = await this.q.row(
      "SELECT 1 FROM processed_deliveries WHERE platform = $1 AND delivery_id = $2 AND token = $3",
      [platform, deliveryId, token],
    );
    return mine !== undefined;
  }

  /** Forgets delivery ids past the retention window (each instance prunes now and then). */
  private async pruneDeliveries(now: Date): Promise<void> {
    if (now.getTime() - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now.getTime();
    const retention = this.options.deliveryRetentionMs ?? DELIVERY_RETENTION_MS;
    const cutoff = new Date(now.getTime() - retention).toISOString();
    await this.q.run("DELETE FROM processed_deliveries WHERE at < $1", [cutoff]);
  }
}

async function markDeactivated(
  q: PgQueries,
  platform: Platform,
  chatId: string,
  reason: string,
): Promise<void> {
  await q.run(
    "UPDATE chats SET subscribed = 0, deactivated_reason = $1 WHERE platform = $2 AND chat_id = $3",
    [reason, platform, chatId],
  );
}
