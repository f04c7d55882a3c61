/**
 * Failed sign-ins per key (client address, admin name) within a window: past
 * `max` the key is refused until the oldest failure leaves the window. Held in
 * memory: an instance restart forgives, which the scrypt cost makes harmless.
 */
export class AttemptLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly o: { max: number; windowMs: number; now: () => number }) {}

  blocked(key: string): boolean {
    return this.recent(key).length >= this.o.max;
  }

  fail(key: string): void {
    const recent = this.recent(key);
    recent.push(this.o.now());
    this.failures.set(key, recent);
    // Keys of addresses that stopped trying must not pile up.
    if (this.failures.size > 10_000) {
      const oldest = this.failures.keys().next().value;
      if (oldest !== undefined) this.failures.delete(oldest);
    }
  }

  succeed(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string): number[] {
    const since = this.o.now() - this.o.windowMs;
    return (this.failures.get(key) ?? []).filter((at) => at > since);
  }
}
