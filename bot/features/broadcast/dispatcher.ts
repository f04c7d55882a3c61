import { hostname } from "node:os";
import type { Platform } from "../../kernel/events.js";
import type { Log } from "../../kernel/log.js";
import type { OutMessage } from "../../kernel/out-message.js";
import type { PlatformLimits } from "../../kernel/platform.js";
import type { SubscriptionHealth } from "../../kernel/ports.js";
import { SendError, type Sender } from "../../kernel/sender.js";
import type { Outbox, OutboxRow } from "./ports.js";
import { RateGates } from "./rate-gates.js";

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface DispatcherOptions {
  outbox: Outbox;
  senders: ReadonlyMap<Platform, Sender>;
  /** The message for a row; undefined when it can no longer be built (the row fails). */
  render: (row: OutboxRow) => Promise<OutMessage | undefined>;
  subscriptions: SubscriptionHealth;
  clock: Clock;
  log: Log;
  /** Each platform's limits (from its descriptor); an unknown platform gets one a second. */
  limits?: ReadonlyMap<Platform, PlatformLimits>;
  /** Concurrent sends (latency to the real APIs needs a few to reach 30/s). */
  maxInFlight?: number;
  /** Transient failures before a row is given up as failed. */
  maxAttempts?: number;
  /** How often to look for work when idle (another process may have published). */
  pollMs?: number;
  /** Called each loop turn before sending: plans reminders and digests. */
  beforeStep?: (now: number) => Promise<void>;
  /** Who this dispatcher is, recorded on the rows it claims (default host:pid). */
  owner?: string;
  /** Whether the dispatcher that claimed a row is still running (default: its process exists on this host). */
  isAlive?: (owner: string) => boolean | Promise<boolean>;
}

/** This process, as the owner of the rows it sends. */
export function processOwner(): string {
  return `${hostname()}:${process.pid}`;
}

/**
 * A row's claimer is alive when it is a process that still exists on this
 * host. A claimer on another host cannot be sending from this SQLite file
 * (SQLite is not shared across hosts): the data was moved after a crash.
 */
export function processAlive(owner: string): boolean {
  const [host, pid] = owner.split(":");
  if (host !== hostname() || !pid) return false;
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === "EPERM";
  }
}

/**
 * Sends the outbox within the platforms' limits. Each row is marked `sending`
 * (committed) before its one attempt and `sent` with the message ids after,
 * so a restart knows exactly which sends were interrupted: those are checked
 * against the platform where it allows (Slack history) and sent again
 * otherwise — a message is never dropped, and only a send interrupted on the
 * wire can repeat.
 */
export class Dispatcher {
  private readonly gates: RateGates;
  private readonly inFlight = new Map<number, Promise<void>>();
  private readonly maxInFlight: number;
  private readonly maxAttempts: number;
  private readonly pollMs: number;
  private stopping = false;
  private wakeUp: (() => void) | undefined;
  private running: Promise<void> | undefined;
  private readonly warnedMissing = new Set<Platform>();
  private readonly owner: string;
  private readonly isAlive: (owner: string) => boolean | Promise<boolean>;
  private lastRecovery = 0;

  constructor(private readonly o: DispatcherOptions) {
    this.gates = new RateGates(o.limits);
    this.maxInFlight = o.maxInFlight ?? 4;
    this.maxAttempts = o.maxAttempts ?? 6;
    this.pollMs = o.pollMs ?? 1_000;
    this.owner = o.owner ?? processOwner();
    this.isAlive = o.isAlive ?? processAlive;
  }

  /**
   * Resolves rows a crashed dispatcher left in flight: found on the platform →
   * sent; otherwise sent again. Rows a live dispatcher is sending (another
   * process on the same data, or this one) are left alone.
   */
  async recover(): Promise<void> {
    for (const row of await this.o.outbox.inFlight()) {
      const sender = this.o.senders.get(row.platform);
      if (!sender || this.inFlight.has(row.id)) continue;
      if (row.claimedBy && (row.claimedBy === this.owner || (await this.isAlive(row.claimedBy))))
        continue;
      let found: string[] | undefined;
      try {
        found = await sender.findSent?.(row.chatId, { outboxId: row.id });
      } catch (error) {
        this.o.log("warn", "could not check an interrupted send; sending again", {
          outboxId: row.id,
          error: errorText(error),
        });
      }
      if (found) {
        await this.o.outbox.markSent(row.id, found, new Date(this.o.clock.now()).toISOString());
        this.o.log("info", "interrupted send found delivered", { outboxId: row.id });
      } else {
        await this.o.outbox.retryLater(
          row.id,
          this.o.clock.now(),
          "interrupted by a restart",
          true,
          true,
        );
        this.o.log("warn", "interrupted send will be sent again", {
          outboxId: row.id,
          platform: row.platform,
        });
      }
    }
  }

  /** Starts the loop in the background. */
  start(): void {
    this.stopping = false;
    this.running ??= this.loop().finally(() => {
      this.running = undefined;
    });
  }

  /** Stops taking new rows and waits for sends in flight. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.running;
    await Promise.allSettled(this.inFlight.values());
  }

  /**
   * For when the shutdown deadline has passed with sends still in flight:
   * their rows go back to pending, so the next dispatcher (after a restart,
   * or a `case send` in another process) sends them without waiting for a
   * crash check. Such a send may repeat once, as after a crash. Returns how
   * many rows were released.
   */
  async abandon(): Promise<number> {
    const now = this.o.clock.now();
    const ids = [...this.inFlight.keys()];
    for (const id of ids)
      await this.o.outbox.retryLater(id, now, "interrupted by shutdown", true, true);
    if (ids.length > 0)
      this.o.log("warn", "sends interrupted by shutdown go back to pending", { outboxIds: ids });
    return ids.length;
  }

  /** Looks for work now (something was just published in this process). */
  wake(): void {
    this.wakeUp?.();
  }

  /**
   * Sends until nothing is due within `horizonMs` (retries after a 429 or a
   * network error included): for the CLI and tests. Rows scheduled later or
   * paused stay queued.
   */
  async drain(horizonMs = 600_000): Promise<void> {
    await this.recover();
    const until = this.o.clock.now() + horizonMs;
    for (;;) {
      await this.o.beforeStep?.(this.o.clock.now());
      const wait = await this.step();
      if (this.inFlight.size > 0) {
        await Promise.race(this.inFlight.values());
        continue;
      }
      const next = await this.o.outbox.nextDue(this.platforms());
      if (next === undefined || next > until) return;
      if (wait > 0) await this.o.clock.sleep(wait);
    }
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      let wait = this.pollMs;
      try {
        // Another dispatcher on this data may die while this one runs: look for its rows now and then.
        if (this.o.clock.now() - this.lastRecovery >= 60_000) {
          this.lastRecovery = this.o.clock.now();
          await this.recover();
        }
        await this.o.beforeStep?.(this.o.clock.now());
        wait = await this.step();
      } catch (error) {
        this.o.log("error", "dispatcher step failed", { error: errorText(error) });
      }
      if (this.stopping) break;
      await Promise.race([
        this.o.clock.sleep(Math.min(wait, this.pollMs)),
        new Promise<void>((resolve) => {
          this.wakeUp = resolve;
        }),
      ]);
      this.wakeUp = undefined;
    }
  }

  /** Starts every send allowed now; returns milliseconds until the next could be. */
  async step(): Promise<number> {
    if (this.inFlight.size >= this.maxInFlight) {
      await Promise.race(this.inFlight.values());
      return 0;
    }
    const now = this.o.clock.now();
    const rows = await this.o.outbox.due(now, 500);
    let wait = Number.POSITIVE_INFINITY;
    for (const row of rows) {
      if (this.inFlight.size >= this.maxInFlight) return 0;
      const sender = this.o.senders.get(row.platform);
      if (!sender) {
        this.warnMissing(row.platform);
        continue;
      }
      const platformWait = this.gates.platformWaitMs(row.platform, now);
      const w = platformWait > 0 ? platformWait : this.gates.waitMs(row.platform, row.chatId, now);
      if (w > 0) {
        wait = Math.min(wait, w);
        continue;
      }
      if (!(await this.o.outbox.claim(row.id, this.owner))) continue;
      // Paced by when the send starts, not when the scan began: a claim is a round trip to a
      // shared database, and a slow one followed by a fast one would bunch two sends together.
      this.gates.take(row.platform, row.chatId, this.o.clock.now());
      const send = this.send(sender, row).finally(() => this.inFlight.delete(row.id));
      this.inFlight.set(row.id, send);
    }
    if (rows.length === 0) {
      const next = await this.o.outbox.nextDue(this.platforms());
      wait = next === undefined ? this.pollMs : Math.max(0, next - now);
    }
    if (this.inFlight.size > 0) wait = Math.min(wait, 1);
    return wait === Number.POSITIVE_INFINITY ? this.pollMs : wait;
  }

  private async send(sender: Sender, row: OutboxRow): Promise<void> {
    const message = await this.o.render(row);
    if (!message) {
      await this.o.outbox.markFailed(row.id, "the message could not be built (notice missing)");
      return;
    }
    try {
      const { messageIds } = await sender.send(row.chatId, message, { outboxId: row.id });
      await this.o.outbox.markSent(row.id, messageIds, new Date(this.o.clock.now()).toISOString());
    } catch (error) {
      await this.onFailure(row, error);
    }
  }

  private async onFailure(row: OutboxRow, error: unknown): Promise<void> {
    const now = this.o.clock.now();
    const text = errorText(error);
    const failure = error instanceof SendError ? error.failure : { kind: "transient" as const };
    switch (failure.kind) {
      case "rate-limited":
        this.gates.pause(row.platform, now + failure.retryAfterMs);
        await this.o.outbox.retryLater(row.id, now + failure.retryAfterMs, text, false);
        this.o.log("warn", "rate limited by the platform", {
          platform: row.platform,
          retryAfterMs: failure.retryAfterMs,
        });
        return;
      case "moved":
        await this.o.subscriptions.moved(row.platform, row.chatId, failure.newChatId);
        await this.o.outbox.retarget(row.id, failure.newChatId);
        await this.o.outbox.retryLater(row.id, now, text, false);
        return;
      case "permanent":
        await this.o.outbox.markFailed(row.id, text);
        await this.o.subscriptions.deactivate(row.platform, row.chatId, text);
        this.o.log("warn", "subscription deactivated", {
          platform: row.platform,
          chatId: row.chatId,
          reason: text,
        });
        return;
      case "rejected":
        await this.o.outbox.markFailed(row.id, text);
        this.o.log("error", "message rejected by the platform", { outboxId: row.id, error: text });
        return;
      case "transient": {
        const attempts = row.attempts + 1;
        if (attempts >= this.maxAttempts) {
          await this.o.outbox.markFailed(row.id, `gave up after ${attempts} attempts: ${text}`);
          this.o.log("error", "send failed", { outboxId: row.id, error: text });
          return;
        }
        const backoff = Math.min(300_000, 2_000 * 2 ** (attempts - 1));
        await this.o.outbox.retryLater(row.id, now + backoff, text, true);
        return;
      }
    }
  }

  private platforms(): Platform[] {
    return [...this.o.senders.keys()];
  }

  private warnMissing(platform: Platform): void {
    if (this.warnedMissing.has(platform)) return;
    this.warnedMissing.add(platform);
    this.o.log("warn", "messages queued for a platform that is not configured here", { platform });
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
