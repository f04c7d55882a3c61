import type { Platform } from "../../kernel/events.js";
import { constraintFailed, IdRows, keyOf, type MemoryStorage } from "../../storage/memory.js";
import { QingfengError } from "./errors.js";
import type { Broadcast, BroadcastState, Outbox, OutboxRow, Progress, Target } from "./ports.js";

interface BroadcastRecord extends Broadcast {
  createdBy: string;
}

interface Row extends OutboxRow {
  rateLimited: number;
  resentAfterCrash: number;
  claimedBy: string | undefined;
}

/** The columns of the case notices table that publishing touches (the cases feature owns the rest). */
interface NoticeColumns {
  id: number;
  status: "draft" | "published";
  publishedAt: string | undefined;
  updatedAt: string;
}

/**
 * The broadcast outbox in memory, with SqliteOutbox's semantics: a publish
 * is all or nothing, a row is claimed only from pending, and rows left in
 * 'sending' stay there until a dispatcher resolves them.
 */
export class MemoryOutbox implements Outbox {
  private readonly broadcastRows: IdRows<BroadcastRecord>;
  private readonly outbox: IdRows<Row>;
  private readonly notices: IdRows<NoticeColumns>;

  constructor(
    storage: MemoryStorage,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.broadcastRows = storage.table("broadcasts", () => new IdRows<BroadcastRecord>());
    this.outbox = storage.table("outbox", () => new IdRows<Row>());
    this.notices = storage.table("case_notices", () => new IdRows<NoticeColumns>());
  }

  async enqueue(
    b: Omit<Broadcast, "id" | "state" | "createdAt"> & { createdBy: string },
    targets: Target[],
    publishNoticeId?: number,
  ): Promise<Broadcast> {
    const at = this.now().toISOString();
    // Every check before the first write, so a refused publish leaves nothing behind.
    const published = publishNoticeId === undefined ? undefined : this.notices.get(publishNoticeId);
    if (publishNoticeId !== undefined && published?.status !== "draft")
      throw new QingfengError(
        "CASE_IMMUTABLE",
        `Case notice #${publishNoticeId} is not a draft (already published or missing).`,
      );
    if (b.noticeId !== undefined && !this.notices.get(b.noticeId))
      throw constraintFailed(`case notice #${b.noticeId} of the broadcast does not exist`);
    if (b.periodKey !== undefined && (await this.hasPeriod(b.periodKey)))
      throw constraintFailed(`a broadcast for period ${b.periodKey} exists`);

    if (published)
      Object.assign(published, { status: "published", publishedAt: at, updatedAt: at });
    const created = this.broadcastRows.insert({
      kind: b.kind,
      noticeId: b.noticeId,
      tags: [...b.tags],
      sendAt: b.sendAt,
      state: "active",
      periodKey: b.periodKey,
      payload: b.payload ? jsonCopy(b.payload) : undefined,
      createdBy: b.createdBy,
      createdAt: at,
    });
    const queued = new Set<string>();
    for (const t of targets) {
      if (queued.has(keyOf(t.platform, t.chatId))) continue;
      queued.add(keyOf(t.platform, t.chatId));
      this.outbox.insert({
        broadcastId: created.id,
        platform: t.platform,
        chatId: t.chatId,
        state: "pending",
        notBefore: b.sendAt,
        attempts: 0,
        messageIds: [],
        error: undefined,
        sentAt: undefined,
        rateLimited: 0,
        resentAfterCrash: 0,
        claimedBy: undefined,
      });
    }
    return toBroadcast(created);
  }

  async broadcasts(noticeId: number): Promise<Broadcast[]> {
    return this.broadcastRows
      .all()
      .filter((r) => r.noticeId === noticeId)
      .map(toBroadcast);
  }

  async broadcast(id: number): Promise<Broadcast | undefined> {
    const row = this.broadcastRows.get(id);
    return row ? toBroadcast(row) : undefined;
  }

  async hasPeriod(periodKey: string): Promise<boolean> {
    return this.broadcastRows.all().some((r) => r.periodKey === periodKey);
  }

  async setState(broadcastId: number, state: BroadcastState): Promise<void> {
    const broadcast = this.broadcastRows.get(broadcastId);
    if (broadcast) broadcast.state = state;
    if (state !== "cancelled") return;
    for (const row of this.outbox.all())
      if (row.broadcastId === broadcastId && row.state === "pending") row.state = "cancelled";
  }

  async due(now: number, limit: number): Promise<OutboxRow[]> {
    const due = this.ready()
      .filter((r) => r.notBefore <= now)
      .sort((a, b) => a.notBefore - b.notBefore || a.id - b.id);
    return (limit < 0 ? due : due.slice(0, limit)).map(toRow);
  }

  async nextDue(platforms: Platform[]): Promise<number | undefined> {
    const times = this.ready()
      .filter((r) => platforms.includes(r.platform))
      .map((r) => r.notBefore);
    return times.length > 0 ? Math.min(...times) : undefined;
  }

  async inFlight(): Promise<(OutboxRow & { claimedBy?: string | undefined })[]> {
    return this.outbox
      .all()
      .filter((r) => r.state === "sending")
      .map((r) => ({ ...toRow(r), claimedBy: r.claimedBy }));
  }

  async claim(id: number, owner: string): Promise<boolean> {
    const row = this.outbox.get(id);
    if (row?.state !== "pending") return false;
    row.state = "sending";
    row.attempts += 1;
    row.claimedBy = owner;
    return true;
  }

  async markSent(id: number, messageIds: string[], at: string): Promise<void> {
    const row = this.outbox.get(id);
    if (!row) return;
    row.state = "sent";
    row.messageIds = [...messageIds];
    row.sentAt = at;
    row.error = undefined;
  }

  async retryLater(
    id: number,
    notBefore: number,
    error: string,
    countsAsAttempt: boolean,
    resentAfterCrash = false,
  ): Promise<void> {
    const row = this.outbox.get(id);
    if (!row) return;
    row.state = "pending";
    row.notBefore = notBefore;
    row.error = error;
    // claim counted an attempt; a 429 is the platform pacing us, not a failed attempt.
    if (!countsAsAttempt) {
      row.attempts -= 1;
      row.rateLimited += 1;
    }
    if (resentAfterCrash) row.resentAfterCrash += 1;
  }

  async markFailed(id: number, error: string): Promise<void> {
    const row = this.outbox.get(id);
    if (!row) return;
    row.state = "failed";
    row.error = error;
  }

  async retarget(id: number, chatId: string): Promise<void> {
    const row = this.outbox.get(id);
    if (!row) return;
    const taken = this.target(row.broadcastId, row.platform, chatId);
    if (taken && taken.id !== id)
      throw constraintFailed(`broadcast #${row.broadcastId} already targets ${chatId}`);
    row.chatId = chatId;
  }

  async row(id: number): Promise<OutboxRow | undefined> {
    const row = this.outbox.get(id);
    return row ? toRow(row) : undefined;
  }

  async rows(broadcastId: number): Promise<OutboxRow[]> {
    return this.outbox
      .all()
      .filter((r) => r.broadcastId === broadcastId)
      .map(toRow);
  }

  async progress(broadcastIds: number[]): Promise<Progress> {
    const p: Progress = { targets: 0, sent: 0, pending: 0, failed: 0, cancelled: 0 };
    for (const r of this.outbox.all()) {
      if (!broadcastIds.includes(r.broadcastId)) continue;
      p.targets += 1;
      if (r.state === "sent") p.sent += 1;
      else if (r.state === "failed") p.failed += 1;
      else if (r.state === "cancelled") p.cancelled += 1;
      else p.pending += 1;
    }
    return p;
  }

  /** Pending rows of active broadcasts, in id order. */
  private ready(): Row[] {
    return this.outbox
      .all()
      .filter(
        (r) => r.state === "pending" && this.broadcastRows.get(r.broadcastId)?.state === "active",
      );
  }

  private target(broadcastId: number, platform: Platform, chatId: string): Row | undefined {
    return this.outbox
      .all()
      .find((r) => r.broadcastId === broadcastId && r.platform === platform && r.chatId === chatId);
  }
}

/** Kind-specific data goes through JSON in SQLite; the copy keeps what a round trip keeps. */
function jsonCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function toBroadcast(r: BroadcastRecord): Broadcast {
  return {
    id: r.id,
    kind: r.kind,
    noticeId: r.noticeId,
    tags: [...r.tags],
    sendAt: r.sendAt,
    state: r.state,
    periodKey: r.periodKey,
    payload: r.payload ? jsonCopy(r.payload) : undefined,
    createdAt: r.createdAt,
  };
}

function toRow(r: Row): OutboxRow {
  return {
    id: r.id,
    broadcastId: r.broadcastId,
    platform: r.platform,
    chatId: r.chatId,
    state: r.state,
    notBefore: r.notBefore,
    attempts: r.attempts,
    messageIds: [...r.messageIds],
    error: r.error,
    sentAt: r.sentAt,
  };
}
