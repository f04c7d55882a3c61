import type { Platform } from "../../kernel/events.js";
import type { OutMessage } from "../../kernel/out-message.js";
import type { PlatformLimits } from "../../kernel/platform.js";
import type { Sender } from "../../kernel/sender.js";
import { ServiceKey } from "../../kernel/services.js";
import type { Clock, Dispatcher } from "./dispatcher.js";

export type { Clock, Dispatcher } from "./dispatcher.js";

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
  ): Promise<Broadcast>;
  broadcasts(noticeId: number): Promise<Broadcast[]>;
  broadcast(id: number): Promise<Broadcast | undefined>;
  hasPeriod(periodKey: string): Promise<boolean>;
  setState(broadcastId: number, state: BroadcastState): Promise<void>;
  /** Rows ready to send: pending, due, broadcast active; oldest first. */
  due(now: number, limit: number): Promise<OutboxRow[]>;
  /** Earliest not_before among pending rows of active broadcasts on these platforms. */
  nextDue(platforms: Platform[]): Promise<number | undefined>;
  /** Rows in 'sending', with the dispatcher holding each. */
  inFlight(): Promise<(OutboxRow & { claimedBy?: string | undefined })[]>;
  /** Marks a pending row as being sent; false when another dispatcher took it first. */
  claim(id: number, owner: string): Promise<boolean>;
  markSent(id: number, messageIds: string[], at: string): Promise<void>;
  /** Back to pending, to try again at `notBefore`. */
  retryLater(
    id: number,
    notBefore: number,
    error: string,
    countsAsAttempt: boolean,
    resentAfterCrash?: boolean,
  ): Promise<void>;
  markFailed(id: number, error: string): Promise<void>;
  retarget(id: number, chatId: string): Promise<void>;
  row(id: number): Promise<OutboxRow | undefined>;
  rows(broadcastId: number): Promise<OutboxRow[]>;
  progress(broadcastIds: number[]): Promise<Progress>;
}

/** Builds a row's message at send time; undefined when the row is not this feature's. */
export type RowRenderer = (row: OutboxRow) => Promise<OutMessage | undefined>;

export interface DispatcherSettings {
  senders?: ReadonlyMap<Platform, Sender>;
  limits?: ReadonlyMap<Platform, PlatformLimits>;
  clock?: Clock;
  maxInFlight?: number;
  pollMs?: number;
}

/**
 * Durable, paced broadcasting as other features use it: they queue rows in
 * the outbox, render their own rows and plan their own reminders.
 */
export interface Broadcasting {
  outbox: Outbox;
  addRenderer(render: RowRenderer): void;
  /** Called about once a minute by the running dispatcher (reminders, digests). */
  addPlanner(plan: (now: number) => Promise<void>): void;
  /** Something was queued: send it now rather than at the next poll. */
  wake(): void;
  /** This bot's dispatcher (started and stopped with the bot). */
  main(): Dispatcher;
  /** Another dispatcher over the same outbox and hooks (tests, `case send`). */
  dispatcher(settings?: DispatcherSettings): Dispatcher;
}

export const BROADCAST = new ServiceKey<Broadcasting>("broadcast");
