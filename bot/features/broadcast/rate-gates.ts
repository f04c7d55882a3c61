import type { Platform } from "../../kernel/events.js";
import type { PlatformLimits } from "../../kernel/platform.js";

/** For a platform whose descriptor is not known here: one message a second, a safe floor. */
export const UNKNOWN_PLATFORM_LIMITS: PlatformLimits = {
  minIntervalMs: 1_000,
  perChat: { count: 1, windowMs: 1_000 },
};

/** A timer that fires a little late should not cost throughput: catch up by up to this much. */
const CATCH_UP_MS = 5;

/**
 * Outbound pacing: even spacing per platform, a sliding window per chat, and
 * a platform-wide pause after a 429. Pure bookkeeping over an injected time,
 * so tests drive it with a fake clock.
 */
export class RateGates {
  private readonly nextAt = new Map<Platform, number>();
  private readonly pausedUntil = new Map<Platform, number>();
  private readonly recent = new Map<string, number[]>();

  constructor(private readonly limits: ReadonlyMap<Platform, PlatformLimits> = new Map()) {}

  private limit(platform: Platform): PlatformLimits {
    return this.limits.get(platform) ?? UNKNOWN_PLATFORM_LIMITS;
  }

  /** Milliseconds until a send to this chat is allowed; 0 means now. */
  waitMs(platform: Platform, chatId: string, now: number): number {
    const limit = this.limit(platform);
    let wait = Math.max(
      (this.pausedUntil.get(platform) ?? 0) - now,
      (this.nextAt.get(platform) ?? 0) - now,
    );
    const times = this.recent.get(`${platform}:${chatId}`);
    if (times && times.length >= limit.perChat.count) {
      wait = Math.max(
        wait,
        (times[times.length - limit.perChat.count] ?? 0) + limit.perChat.windowMs - now,
      );
    }
    return Math.max(0, wait);
  }

  /** The platform alone: spacing and pauses (lets a scan skip a blocked platform quickly). */
  platformWaitMs(platform: Platform, now: number): number {
    return Math.max(
      0,
      (this.pausedUntil.get(platform) ?? 0) - now,
      (this.nextAt.get(platform) ?? 0) - now,
    );
  }

  take(platform: Platform, chatId: string, now: number): void {
    const limit = this.limit(platform);
    const previous = this.nextAt.get(platform) ?? now;
    this.nextAt.set(
      platform,
      Math.max(previous + limit.minIntervalMs, now + limit.minIntervalMs - CATCH_UP_MS),
    );
    const key = `${platform}:${chatId}`;
    const times = (this.recent.get(key) ?? []).filter((t) => t > now - limit.perChat.windowMs);
    times.push(now);
    this.recent.set(key, times.slice(-limit.perChat.count));
  }

  /** After a 429: nothing goes to the platform until `until`. */
  pause(platform: Platform, until: number): void {
    this.pausedUntil.set(platform, Math.max(this.pausedUntil.get(platform) ?? 0, until));
  }
}
