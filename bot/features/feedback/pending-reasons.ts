import { trimOldest } from "../../kernel/context.js";

/**
 * After a 👎 the user's next message is taken as the reason, for ten minutes.
 * In memory on purpose: a restart only loses the invitation, not the rating.
 */
export class PendingReasons {
  private readonly reasons = new Map<string, { answerId: number; at: number }>();

  constructor(
    private readonly now: () => number,
    private readonly ttlMs = 10 * 60_000,
  ) {}

  await(key: string, answerId: number): void {
    this.reasons.delete(key);
    this.reasons.set(key, { answerId, at: this.now() });
    trimOldest(this.reasons);
  }

  /** The answer a reason is awaited for, consumed on read. */
  take(key: string): number | undefined {
    const r = this.reasons.get(key);
    this.reasons.delete(key);
    return r && this.now() - r.at <= this.ttlMs ? r.answerId : undefined;
  }
}
