import type { SharedState } from "../../kernel/shared-state.js";

const SCOPE = "feedback.reason";

/**
 * After a 👎 the user's next message is taken as the reason, for ten
 * minutes, whichever instance it reaches (SharedState). Losing it costs
 * only the invitation, not the rating.
 */
export class PendingReasons {
  constructor(
    private readonly state: SharedState,
    private readonly ttlMs = 10 * 60_000,
  ) {}

  async await(key: string, answerId: number): Promise<void> {
    await this.state.set(SCOPE, key, answerId, this.ttlMs);
  }

  /** The answer a reason is awaited for, consumed on read. */
  async take(key: string): Promise<number | undefined> {
    return this.state.take<number>(SCOPE, key);
  }
}
