import { trimOldest } from "./context.js";
import { RateLimiter } from "./rate-limiter.js";
import { ServiceKey, type Services } from "./services.js";

/**
 * Short-lived conversation state that must outlive one request: a guided
 * flow's answers so far, the answer a 👎 reason is awaited for, a user's
 * previous question. On one process it may live in memory; with several
 * instances on one database it lives there, so the next message is
 * understood whichever instance it reaches.
 */
export interface SharedState {
  /** The value under (scope, key), unless absent or expired. */
  get<T>(scope: string, key: string): Promise<T | undefined>;
  /** Sets it, expiring `ttlMs` from now. */
  set<T>(scope: string, key: string, value: T, ttlMs: number): Promise<void>;
  /** The value, removed in the same step (of two instances taking it, one gets it). */
  take<T>(scope: string, key: string): Promise<T | undefined>;
  delete(scope: string, key: string): Promise<void>;
}

export interface RateRule {
  capacity: number;
  refillPerMinute: number;
}

/** Token buckets per key, held wherever every instance sees the same bucket. */
export interface RateLimits {
  /** Takes one token from the key's bucket; false when it is empty. */
  take(key: string, rule: RateRule): Promise<boolean>;
}

/** Provided by the groups feature (bot/features/groups), per storage backend. */
export const SHARED_STATE = new ServiceKey<SharedState>("kernel.sharedState");
export const RATE_LIMITS = new ServiceKey<RateLimits>("kernel.rateLimits");

/** SharedState in this process: for one instance (SQLite) and tests. */
export class MemorySharedState implements SharedState {
  private readonly entries = new Map<string, { value: unknown; expiresAt: number }>();

  constructor(private readonly now: () => number) {}

  async get<T>(scope: string, key: string): Promise<T | undefined> {
    const id = `${scope}\u0000${key}`;
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (entry.expiresAt < this.now()) {
      this.entries.delete(id);
      return undefined;
    }
    return structuredClone(entry.value) as T;
  }

  async set<T>(scope: string, key: string, value: T, ttlMs: number): Promise<void> {
    const id = `${scope}\u0000${key}`;
    // Re-inserted so the map stays oldest-first for trimming.
    this.entries.delete(id);
    this.entries.set(id, { value: structuredClone(value), expiresAt: this.now() + ttlMs });
    trimOldest(this.entries);
  }

  async take<T>(scope: string, key: string): Promise<T | undefined> {
    // Read and removed with no await between: of two takers, one gets it.
    const id = `${scope}\u0000${key}`;
    const entry = this.entries.get(id);
    this.entries.delete(id);
    return entry && entry.expiresAt >= this.now() ? (entry.value as T) : undefined;
  }

  async delete(scope: string, key: string): Promise<void> {
    this.entries.delete(`${scope}\u0000${key}`);
  }
}

/** RateLimits in this process: one RateLimiter per rule. */
export class MemoryRateLimits implements RateLimits {
  private readonly limiters = new Map<string, RateLimiter>();

  constructor(private readonly now: () => number) {}

  async take(key: string, rule: RateRule): Promise<boolean> {
    const id = `${rule.capacity}/${rule.refillPerMinute}`;
    let limiter = this.limiters.get(id);
    if (!limiter) {
      limiter = new RateLimiter({ ...rule, now: this.now });
      this.limiters.set(id, limiter);
    }
    return limiter.take(key);
  }
}

/** The bot's SharedState, or one in this process when no feature provides it (a bot without groups). */
export function sharedState(env: FeatureEnvLike): SharedState {
  return env.services.find(SHARED_STATE) ?? new MemorySharedState(env.now);
}

/** The bot's RateLimits, or buckets in this process when no feature provides them. */
export function rateLimits(env: FeatureEnvLike): RateLimits {
  return env.services.find(RATE_LIMITS) ?? new MemoryRateLimits(env.now);
}

interface FeatureEnvLike {
  services: Services;
  now: () => number;
}
