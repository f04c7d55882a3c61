/** One published Feishu send limit: at most `count` in any `windowMs`. */
export interface Limit {
  name: string;
  count: number;
  windowMs: number;
}

/** im/v1/messages: 50/s and 1,000/min per app; 5/s per chat (shared by the bots in it). */
export const APP_LIMITS: Limit[] = [
  { name: "app-per-second", count: 50, windowMs: 1_000 },
  { name: "app-per-minute", count: 1_000, windowMs: 60_000 },
];
export const CHAT_LIMIT: Limit = { name: "chat-per-second", count: 5, windowMs: 1_000 };

/**
 * Sliding windows over send times: whether one more send now would break a
 * limit, and when the oldest send in that window leaves it (the reset the
 * platform reports in x-ogw-ratelimit-reset).
 */
export class SendWindows {
  private readonly times = new Map<string, number[]>();

  /** The first limit a send at `now` would break, with milliseconds until it resets. */
  check(key: string, limits: Limit[], now: number): { limit: Limit; resetMs: number } | undefined {
    const times = this.times.get(key) ?? [];
    for (const limit of limits) {
      const inWindow = times.filter((t) => t > now - limit.windowMs);
      if (inWindow.length >= limit.count) {
        const oldest = inWindow[inWindow.length - limit.count] ?? now;
        return { limit, resetMs: oldest + limit.windowMs - now };
      }
    }
    return undefined;
  }

  record(key: string, now: number): void {
    const times = this.times.get(key) ?? [];
    times.push(now);
    // A minute is the longest window: older times can never count again.
    this.times.set(
      key,
      times.filter((t) => t > now - 60_000),
    );
  }
}

/** The most sends found in any window of `windowMs` (for asserting pacing after the fact). */
export function busiestWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[end] ?? 0) - (sorted[start] ?? 0) >= windowMs) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}
