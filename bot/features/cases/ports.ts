import type { Platform } from "../../kernel/events.js";
import type { CaseFields, CaseNotice, LinkedClause } from "./case-notice.js";

export type BroadcastKind = "notice" | "reminder" | "digest" | "campaign";
export type BroadcastState = "active" | "paused" | "cancelled";
export type OutboxState = "pending" | "sending" | "sent" | "failed" | "cancelled";

export interface Broadcast {
  id: number;
  kind: BroadcastKind;
  noticeId?: number | undefined;
  tags: string[];
  /** Epoch ms: nothing is sent before. */
  sendAt: number;
  state: BroadcastState;
  /** Planned jobs (reminders, digests) are unique per period. */
  periodKey?: string | undefined;
  /** Kind-specific data: a reminder's day, a digest's notice ids. */
  payload?: Record<string, unknown> | undefined;
  createdAt: string;
}

export interface OutboxRow {
  id: number;
  broadcastId: number;
  platform: Platform;
  chatId: string;
  state: OutboxState;
  notBefore: number;
  attempts: number;
  messageIds: string[];
  error?: string | undefined;
  sentAt?: string | undefined;
}

export interface Target {
  platform: Platform;
  chatId: string;
}

export interface Progress {
  targets: number;
  sent: number;
  pending: number;
  failed: number;
  cancelled: number;
}

/** Notices and their linked clauses. */
export interface CaseStore {
  createDraft(
    fields: CaseFields,
    clauses: LinkedClause[],
    by: string,
    correctsId?: number,
  ): CaseNotice;
  get(id: number): CaseNotice | undefined;
  list(limit?: number): CaseNotice[];
  /** Replaces fields of a draft; CASE_IMMUTABLE once published. */
  updateDraft(id: number, patch: Partial<CaseFields>): CaseNotice;
  setClauses(id: number, clauses: LinkedClause[]): CaseNotice;
  /** Published notices since a time (for digests). */
  publishedSince(sinceIso: string): CaseNotice[];
}

/**
 * The durable send queue. `enqueue` writes the broadcast and every target's
 * row in one transaction, so a publish is all or nothing.
 */
export interface Outbox {
  /** Marks the notice published (when given) and queues the broadcast, atomically. */
  enqueue(
    broadcast: Omit<Broadcast, "id" | "state" | "createdAt"> & { createdBy: string },
    targets: Target[],
    publishNoticeId?: number,
  ): Broadcast;
  broadcasts(noticeId: number): Broadcast[];
  broadcast(id: number): Broadcast | undefined;
  hasPeriod(periodKey: string): boolean;
  setState(broadcastId: number, state: BroadcastState): void;
  /** Rows ready to send: pending, due, broadcast active; oldest first. */
  due(now: number, limit: number): OutboxRow[];
  /** Earliest not_before among pending rows of active broadcasts on these platforms. */
  nextDue(platforms: Platform[]): number | undefined;
  /** Rows in 'sending', with the dispatcher holding each. */
  inFlight(): (OutboxRow & { claimedBy?: string | undefined })[];
  /** Marks a pending row as being sent; false when another dispatcher took it first. */
  claim(id: number, owner: string): boolean;
  markSent(id: number, messageIds: string[], at: string): void;
  /** Back to pending, to try again at `notBefore`. */
  retryLater(
    id: number,
    notBefore: number,
    error: string,
    countsAsAttempt: boolean,
    resentAfterCrash?: boolean,
  ): void;
  markFailed(id: number, error: string): void;
  retarget(id: number, chatId: string): void;
  row(id: number): OutboxRow | undefined;
  rows(broadcastId: number): OutboxRow[];
  progress(broadcastIds: number[]): Progress;
}

export interface Acknowledgement {
  noticeId: number;
  platform: Platform;
  userId: string;
  userName?: string | undefined;
  chatId: string;
  at: string;
}

export interface AckStore {
  /** True the first time this user acknowledges this notice. */
  acknowledge(ack: Acknowledgement): boolean;
  acks(noticeId: number): Acknowledgement[];
}

export interface RosterMember {
  name: string;
  department: string;
  telegramId?: string | undefined;
  slackId?: string | undefined;
}

export interface Roster {
  /** Replaces the whole roster in one transaction. */
  replace(members: RosterMember[]): void;
  all(): RosterMember[];
  byUser(platform: Platform, userId: string): RosterMember | undefined;
}

/** Deactivates a subscription the platform says is gone (bot removed, chat not found). */
export interface SubscriptionHealth {
  deactivate(platform: Platform, chatId: string, reason: string): void;
  moved(platform: Platform, fromChatId: string, toChatId: string): void;
}

/** Finds the clauses a case's facts touch (retrieval over the indexed documents). */
export interface ClauseLinker {
  propose(text: string, max?: number): Promise<LinkedClause[]>;
  /** The best clause for an admin's query, to add to a draft. */
  lookup(query: string): Promise<LinkedClause | undefined>;
}
