import type Database from "better-sqlite3";
import type { Platform } from "../../kernel/events.js";
import { QingfengError } from "./errors.js";
import { type BroadcastRow, type Row, toBroadcast, toRow } from "./outbox-rows.js";
import type {
  Broadcast,
  BroadcastState,
  Outbox,
  OutboxRow,
  OutboxState,
  Progress,
  Target,
} from "./ports.js";

const CLAIM_SQL =
  "UPDATE outbox SET state = 'sending', attempts = attempts + 1, claimed_by = ? WHERE id = ? AND state = 'pending'";

/**
 * The broadcast outbox in SQLite. Every state change is its own committed
 * statement, so a process killed at any point leaves rows that say exactly
 * how far it got: pending (not tried), sending (in flight), sent, failed.
 */
export class SqliteOutbox implements Outbox {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async enqueue(
    b: Omit<Broadcast, "id" | "state" | "createdAt"> & { createdBy: string },
    targets: Target[],
    publishNoticeId?: number,
  ): Promise<Broadcast> {
    const at = this.now().toISOString();
    const id = this.db.transaction(() => {
      if (publishNoticeId !== undefined) {
        const changed = this.db
          .prepare(
            "UPDATE case_notices SET status = 'published', published_at = ?, updated_at = ? WHERE id = ? AND status = 'draft'",
          )
          .run(at, at, publishNoticeId).changes;
        if (changed === 0)
          throw new QingfengError(
            "CASE_IMMUTABLE",
            `Case notice #${publishNoticeId} is not a draft (already published or missing).`,
          );
      }
      const info = this.db
        .prepare(
          `INSERT INTO broadcasts (kind, notice_id, tags, send_at, state, period_key, payload, created_by, created_at)
           VALUES (?, ?, ?, ?, 'active', ?, ?, ?, ?)`,
        )
        .run(
          b.kind,
          b.noticeId ?? null,
          JSON.stringify(b.tags),
          b.sendAt,
          b.periodKey ?? null,
          b.payload ? JSON.stringify(b.payload) : null,
          b.createdBy,
          at,
        );
      const broadcastId = Number(info.lastInsertRowid);
      const insert = this.db.prepare(
        "INSERT OR IGNORE INTO outbox (broadcast_id, platform, chat_id, state, not_before) VALUES (?, ?, ?, 'pending', ?)",
      );
      for (const t of targets) insert.run(broadcastId, t.platform, t.chatId, b.sendAt);
      return broadcastId;
    })();
    const created = await this.broadcast(id);
    if (!created)
      throw new QingfengError("STORE_FAILED", `Broadcast #${id} vanished after insert.`);
    return created;
  }

  async broadcasts(noticeId: number): Promise<Broadcast[]> {
    const rows = this.db
      .prepare("SELECT * FROM broadcasts WHERE notice_id = ? ORDER BY id")
      .all(noticeId) as BroadcastRow[];
    return rows.map(toBroadcast);
  }

  async broadcast(id: number): Promise<Broadcast | undefined> {
    const row = this.db.prepare("SELECT * FROM broadcasts WHERE id = ?").get(id) as
      | BroadcastRow
      | undefined;
    return row ? toBroadcast(row) : undefined;
  }

  async hasPeriod(periodKey: string): Promise<boolean> {
    return (
      this.db.prepare("SELECT 1 FROM broadcasts WHERE period_key = ?").get(periodKey) !== undefined
    );
  }

  async setState(broadcastId: number, state: BroadcastState): Promise<void> {
    this.db.transaction(() => {
      this.db.prepare("UPDATE broadcasts SET state = ? WHERE id = ?").run(state, broadcastId);
      if (state === "cancelled")
        this.db
          .prepare(
            "UPDATE outbox SET state = 'cancelled' WHERE broadcast_id = ? AND state = 'pending'",
          )
          .run(broadcastId);
    })();
  }

  async due(now: number, limit: number): Promise<OutboxRow[]> {
    const rows = this.db
      .prepare(
        `SELECT o.* FROM outbox o JOIN broadcasts b ON b.id = o.broadcast_id
         WHERE o.state = 'pending' AND o.not_before <= ? AND b.state = 'active'
         ORDER BY o.not_before, o.id LIMIT ?`,
      )
      .all(now, limit) as Row[];
    return rows.map(toRow);
  }

  async nextDue(platforms: Platform[]): Promise<number | undefined> {
    if (platforms.length === 0) return undefined;
    const row = this.db
      .prepare(
        `SELECT MIN(o.not_before) AS t FROM outbox o JOIN broadcasts b ON b.id = o.broadcast_id
         WHERE o.state = 'pending' AND b.state = 'active' AND o.platform IN (${platforms.map(() => "?").join(",")})`,
      )
      .get(...platforms) as { t: number | null };
    return row.t ?? undefined;
  }

  async inFlight(): Promise<(OutboxRow & { claimedBy?: string | undefined })[]> {
    const rows = this.db
      .prepare("SELECT * FROM outbox WHERE state = 'sending' ORDER BY id")
      .all() as Row[];
    return rows.map((r) => ({ ...toRow(r), claimedBy: r.claimed_by ?? undefined }));
  }

  async claim(id: number, owner: string): Promise<boolean> {
    // Conditional on 'pending': two dispatchers on one database (a running `start` and a
    // cron `case send`) cannot both take a row — SQLite serialises the writes.
    return this.db.prepare(CLAIM_SQL).run(owner, id).changes > 0;
  }

  async markSent(id: number, messageIds: string[], at: string): Promise<void> {
    this.db
      .prepare(
        "UPDATE outbox SET state = 'sent', message_ids = ?, sent_at = ?, error = NULL WHERE id = ?",
      )
      .run(JSON.stringify(messageIds), at, id);
  }

  async retryLater(
    id: number,
    notBefore: number,
    error: string,
    countsAsAttempt: boolean,
    resentAfterCrash = false,
  ): Promise<void> {
    this.db
      .prepare(
        `UPDATE outbox SET state = 'pending', not_before = ?, error = ?,
           attempts = attempts - ?, rate_limited = rate_limited + ?, resent_after_crash = resent_after_crash + ?
         WHERE id = ?`,
      )
      // markSending counted an attempt; a 429 is the platform pacing us, not a failed attempt.
      .run(
        notBefore,
        error,
        countsAsAttempt ? 0 : 1,
        countsAsAttempt ? 0 : 1,
        resentAfterCrash ? 1 : 0,
        id,
      );
  }

  async markFailed(id: number, error: string): Promise<void> {
    this.db.prepare("UPDATE outbox SET state = 'failed', error = ? WHERE id = ?").run(error, id);
  }

  async retarget(id: number, chatId: string): Promise<void> {
    this.db.prepare("UPDATE outbox SET chat_id = ? WHERE id = ?").run(chatId, id);
  }

  async row(id: number): Promise<OutboxRow | undefined> {
    const row = this.db.prepare("SELECT * FROM outbox WHERE id = ?").get(id) as Row | undefined;
    return row ? toRow(row) : undefined;
  }

  async rows(broadcastId: number): Promise<OutboxRow[]> {
    return (
      this.db
        .prepare("SELECT * FROM outbox WHERE broadcast_id = ? ORDER BY id")
        .all(broadcastId) as Row[]
    ).map(toRow);
  }

  async progress(broadcastIds: number[]): Promise<Progress> {
    const p: Progress = { targets: 0, sent: 0, pending: 0, failed: 0, cancelled: 0 };
    if (broadcastIds.length === 0) return p;
    const rows = this.db
      .prepare(
        `SELECT state, COUNT(*) AS n FROM outbox WHERE broadcast_id IN (${broadcastIds.map(() => "?").join(",")})
         GROUP BY state`,
      )
      .all(...broadcastIds) as { state: OutboxState; n: number }[];
    for (const r of rows) {
      p.targets += r.n;
      if (r.state === "sent") p.sent += r.n;
      else if (r.state === "failed") p.failed += r.n;
      else if (r.state === "cancelled") p.cancelled += r.n;
      else p.pending += r.n;
    }
    return p;
  }
}
