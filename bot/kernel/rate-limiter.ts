/**
 * Token buckets per key (chat + user): a flood from one user empties only that
 * user's bucket, so others in the same group are still answered. The clock is
 * injected so tests never wait.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly options: { capacity: number; refillPerMinute: number; now: () => number },
  ) {}

  /** Takes one token; false when the bucket is empty. */
  take(key: string): boolean {
    const now = this.options.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.options.capacity, at: now };
    const refill = ((now - bucket.at) / 60_000) * this.options.refillPerMinute;
    bucket.tokens = Math.min(this.options.capacity, bucket.tokens + refill);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (this.buckets.size > 10_000) this.evictFull(now);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  private evictFull(now: number): void {
    for (const [key, b] of this.buckets) {
      const tokens = b.tokens + ((now - b.at) / 60_000) * this.options.refillPerMinute;
      if (tokens >= this.options.capacity) this.buckets.delete(key);
    }
  }
}
