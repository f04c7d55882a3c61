import type pg from "pg";
import { PgQueries } from "../../../knowledge/store/pg-queries.js";
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

/**
 * The broadcast outbox on PostgreSQL, shared by every instance. As on
 * SQLite, every state change is its own committed statement, so an instance
 * killed at any point leaves rows saying how far it got; a row is claimed
 * with FOR UPDATE SKIP LOCKED and its owner recorded, so two dispatchers
 * never send one row and a takeover knows whose `sending` rows to resolve.
 */
export class PostgresOutbox implements Outbox {
  private readonly q: PgQueries;

  constructor(
    pool: pg.Pool,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.q = new PgQueries(pool);
  }

  async enqueue(
    b: Omit<Broadcast, "id" | "state" | "createdAt"> & { createdBy: string },
    targets: Target[],
    publishNoticeId?: number,
  ): Promise<Broadcast> {
    const at = this.now().toISOString();
    const id = await this.q.tx(async (q) => {
      if (publishNoticeId !== undefined) {
        const changed = await q.run(
          "UPDATE case_notices SET status = 'published', published_at = $1, updated_at = $1 WHERE id = $2 AND status = 'draft'",
          [at, publishNoticeId],
        );
        if (changed === 0)
          throw new QingfengError(
            "CASE_IMMUTABLE",
            `Case notice #${publishNoticeId} is not a draft (already published or missing).`,
          );
      }
      const row = await q.row<{ id: number }>(
        `INSERT INTO broadcasts (kind, notice_id, tags, send_at, state, period_key, payload, created_by, created_at)
         VALUES ($1, $2, $3, $4, 'active', $5, $6, $7, $8) RETURNING id`,
        [
          b.kind,
          b.noticeId ?? null,
          JSON.stringify(b.tags),
          b.sendAt,
          b.periodKey ?? null,
          b.payload ? JSON.stringify(b.payload) : null,
          b.createdBy,
          at,
        ],
      );
      const broadcastId = row?.id as number;
      // One statement for every target (a notice to a thousand groups is one round trip), ids in target order.
      await q.run(
        `INSERT INTO outbox (broadcast_id, platform, chat_id, state, not_before)
         SELECT $1, t.platform, t.chat_id, 'pending', $4
         FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS t(platform, chat_id, ord)
         ORDER BY t.ord
         ON CONFLICT DO NOTHING`,
        [broadcastId, targets.map((t) => t.platform), targets.map((t) => t.chatId), b.sendAt],
      );
      return broadcastId;
    });
    const created = await this.broadcast(id);
    if (!created)
      throw new QingfengError("STORE_FAILED", `Broadcast #${id} vanished after insert.`);
    return created;
  }

  async broadcasts(noticeId: number): Promise<Broadcast[]> {
    const rows = await this.q.rows<BroadcastRow>(
      "SELECT * FROM broadcasts WHERE notice_id = $1 ORDER BY id",
      [noticeId],
    );
    return rows.map(toBroadcast);
  }

  async broadcast(id: number): Promise<Broadcast | undefined> {
    const row = await this.q.row<BroadcastRow>("SELECT * FROM broadcasts WHERE id = $1", [id]);
    return row ? toBroadcast(row) : undefined;
  }

  async hasPeriod(periodKey: string): Promise<boolean> {
    return (
      (await this.q.row("SELECT 1 FROM broadcasts WHERE period_key = $1", [periodKey])) !==
      undefined
    );
  }

  async setState(broadcastId: number, state: BroadcastState): Promise<void> {
    await this.q.tx(async (q) => {
      await q.run("UPDATE broadcasts SET state = $1 WHERE id = $2", [state, broadcastId]);
      if (state === "cancelled")
        await q.run(
          "UPDATE outbox SET state = 'cancelled' WHERE broadcast_id = $1 AND state = 'pending'",
          [broadcastId],
        );
    });
  }

  async due(now: number, limit: number): Promise<OutboxRow[]> {
    const rows = await this.q.rows<Row>(
      `SELECT o.* FROM outbox o JOIN broadcasts b ON b.id = o.broadcast_id
       WHERE o.state = 'pending' AND o.not_before <= $1 AND b.state = 'active'
       ORDER BY o.not_before, o.id LIMIT $2`,
      [now, limit],
    );
    return rows.map(toRow);
  }

  async nextDue(platforms: Platform[]): Promise<number | undefined> {
    if (platforms.length === 0) return undefined;
    const row = await this.q.row<{ t: number | null }>(
      `SELECT MIN(o.not_before) AS t FROM outbox o JOIN broadcasts b ON b.id = o.broadcast_id
       WHERE o.state = 'pending' AND b.state = 'active' AND o.platform = ANY($1::text[])`,
      [platforms],
    );
    return row?.t ?? undefined;
  }

  async inFlight(): Promise<(OutboxRow & { claimedBy?: string | undefined })[]> {
    const rows = await this.q.rows<Row>("SELECT * FROM outbox WHERE state = 'sending' ORDER BY id");
    return rows.map((r) => ({ ...toRow(r), claimedBy: r.claimed_by ?? undefined }));
  }

  async claim(id: number, owner: string): Promise<boolean> {
    // SKIP LOCKED: a row another dispatcher is claiming this instant is passed over at
    // once rather than waited for; the state check makes the loser's UPDATE change nothing.
    const changed = await this.q.run(
      `UPDATE outbox SET state = 'sending', attempts = attempts + 1, claimed_by = $1
       WHERE id = (SELECT id FROM outbox WHERE id = $2 AND state = 'pending' FOR UPDATE SKIP LOCKED)`,
      [owner, id],
    );
    return changed > 0;
  }

  async markSent(id: number, messageIds: string[], at: string): Promise<void> {
    await this.q.run(
      "UPDATE outbox SET state = 'sent', message_ids = $1, sent_at = $2, error = NULL WHERE id = $3",
      [JSON.stringify(messageIds), at, id],
    );
  }

  async retryLater(
    id: number,
    notBefore: number,
    error: string,
    countsAsAttempt: boolean,
    resentAfterCrash = false,
  ): Promise<void> {
    // A 429 is the platform pacing us, not a failed attempt: the claim's count is taken back.
    await this.q.run(
      `UPDATE outbox SET state = 'pending', not_before = $1, error = $2,
         attempts = attempts - $3, rate_limited = rate_limited + $4, resent_after_crash = resent_after_crash + $5
       WHERE id = $6`,
      [
        notBefore,
        error,
        countsAsAttempt ? 0 : 1,
        countsAsAttempt ? 0 : 1,
        resentAfterCrash ? 1 : 0,
        id,
      ],
    );
  }

  async markFailed(id: number, error: string): Promise<void> {
    await this.q.run("UPDATE outbox SET state = 'failed', error = $1 WHERE id = $2", [error, id]);
  }

  async retarget(id: number, chatId: string): Promise<void> {
    await this.q.run("UPDATE outbox SET chat_id = $1 WHERE id = $2", [chatId, id]);
  }

  async row(id: number): Promise<OutboxRow | undefined> {
    const row = await this.q.row<Row>("SELECT * FROM outbox WHERE id = $1", [id]);
    return row ? toRow(row) : undefined;
  }

  async rows(broadcastId: number): Promise<OutboxRow[]> {
    const rows = await this.q.rows<Row>(
      "SELECT * FROM outbox WHERE broadcast_id = $1 ORDER BY id",
      [broadcastId],
    );
    return rows.map(toRow);
  }

  async progress(broadcastIds: number[]): Promise<Progress> {
    const p: Progress = { targets: 0, sent: 0, pending: 0, failed: 0, cancelled: 0 };
    if (broadcastIds.length === 0) return p;
    const rows = await this.q.rows<{ state: OutboxState; n: number }>(
      "SELECT state, COUNT(*) AS n FROM outbox WHERE broadcast_id = ANY($1::int[]) GROUP BY state",
      [broadcastIds],
    );
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
