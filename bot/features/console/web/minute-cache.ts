/**
 * Values computed at most once per `ttlMs` of the injected clock: a dashboard
 * over a year of answers need not rescan them for every click. Each figure
 * says how old it may be on the page that shows it.
 */
export class MinuteCache {
  private readonly entries = new Map<string, { at: number; value: Promise<unknown> }>();

  constructor(
    private readonly now: () => number,
    readonly ttlMs = 60_000,
  ) {}

  get<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.value as Promise<T>;
    const value = compute();
    this.entries.set(key, { at: this.now(), value });
    // A failed computation is not remembered.
    value.catch(() => this.entries.delete(key));
    return value;
  }

  /** Forgets everything (after a change the figures must show at once). */
  clear(): void {
    this.entries.clear();
  }
}
