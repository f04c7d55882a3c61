import { trimOldest } from "../../kernel/context.js";

/**
 * Each user's previous question, for follow-ups ("那如果是…呢？"). In memory
 * on purpose: losing it on restart costs a follow-up's context, nothing stored.
 */
export class PreviousQuestions {
  private readonly previous = new Map<string, { question: string; at: number }>();

  constructor(
    private readonly now: () => number,
    private readonly ttlMs = 10 * 60_000,
  ) {}

  get(key: string): string | undefined {
    const p = this.previous.get(key);
    return p && this.now() - p.at <= this.ttlMs ? p.question : undefined;
  }

  remember(key: string, question: string): void {
    this.previous.delete(key);
    this.previous.set(key, { question, at: this.now() });
    trimOldest(this.previous);
  }
}
