import type { SharedState } from "../../kernel/shared-state.js";

const SCOPE = "ask.previous";

/**
 * Each user's previous question, for follow-ups ("那如果是…呢？"), for ten
 * minutes, whichever instance the follow-up reaches (SharedState). Losing
 * it costs a follow-up's context, nothing stored.
 */
export class PreviousQuestions {
  constructor(
    private readonly state: SharedState,
    private readonly ttlMs = 10 * 60_000,
  ) {}

  async get(key: string): Promise<string | undefined> {
    return this.state.get<string>(SCOPE, key);
  }

  async remember(key: string, question: string): Promise<void> {
    await this.state.set(SCOPE, key, question, this.ttlMs);
  }
}
