import type { Telegram } from "telegraf";

/**
 * Gives every Bot API call a time limit (an AbortSignal) unless it brings its
 * own: getMe that never answers must fail, not hang start-up. getUpdates is
 * left alone — it is a long poll that telegraf aborts itself. An aborted call
 * is not retried (it may have reached Telegram).
 */
export function withTimeouts(telegram: Telegram, ms: number): void {
  const original = telegram.callApi.bind(telegram);
  const patched: typeof telegram.callApi = (method, payload, extra) => {
    if (method === "getUpdates" || extra?.signal) return original(method, payload, extra);
    return original(method, payload, { ...extra, signal: AbortSignal.timeout(ms) as never });
  };
  telegram.callApi = patched;
}
