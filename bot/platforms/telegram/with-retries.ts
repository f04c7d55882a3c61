import type { Telegram } from "telegraf";
import type { Log } from "../../kernel/log.js";

export interface RetryOptions {
  /** Injected so tests never wait. */
  sleep: (ms: number) => Promise<void>;
  maxRetries: number;
  log: Log;
  /** Methods left to their caller to retry (start-up calls: the supervisor owns their backoff). */
  except?: string[];
}

/**
 * Makes every Bot API call honour 429 retry_after and retry network errors
 * and 5xx with capped exponential backoff, then give up with the error.
 */
export function withRetries(telegram: Telegram, options: RetryOptions): void {
  const original = telegram.callApi.bind(telegram);
  const except = new Set(options.except ?? []);
  const patched: typeof telegram.callApi = async (method, payload, extra) => {
    if (except.has(method)) return original(method, payload, extra);
    for (let attempt = 0; ; attempt++) {
      try {
        return await original(method, payload, extra);
      } catch (error) {
        const wait = retryDelay(error, attempt);
        if (wait === undefined || attempt >= options.maxRetries) throw error;
        options.log("warn", "telegram call retried", {
          method,
          attempt: attempt + 1,
          waitMs: wait,
        });
        await options.sleep(wait);
      }
    }
  };
  telegram.callApi = patched;
}

function retryDelay(error: unknown, attempt: number): number | undefined {
  const e = error as {
    code?: unknown;
    response?: { parameters?: { retry_after?: number } };
    errno?: unknown;
  };
  if (e.code === 429) return (e.response?.parameters?.retry_after ?? 1) * 1000;
  const transient =
    (typeof e.code === "number" && e.code >= 500) ||
    (typeof e.code === "string" &&
      /ECONNRESET|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|EPIPE/.test(e.code)) ||
    e.errno !== undefined;
  return transient ? Math.min(30_000, 500 * 2 ** attempt) : undefined;
}
