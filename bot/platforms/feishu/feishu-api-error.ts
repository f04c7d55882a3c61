import type { SendFailure } from "../../kernel/sender.js";

/**
 * An Open API call that failed: the HTTP status (when one came back), the
 * body's `code` and `msg`, and the x-ogw-ratelimit-reset header of a 429.
 */
export class FeishuApiError extends Error {
  constructor(
    readonly status: number | undefined,
    readonly code: number | undefined,
    message: string,
    readonly resetSeconds?: number | undefined,
  ) {
    super(message);
    this.name = "FeishuApiError";
  }
}

/**
 * Whatever the SDK threw or answered, as a FeishuApiError when the platform
 * answered at all (axios errors carry the response; HTTP 200 bodies with a
 * non-zero code are failures too); anything else (network, timeout) as it is.
 */
export function toApiError(error: unknown): unknown {
  if (error instanceof FeishuApiError) return error;
  const response = (error as { response?: AxiosLikeResponse } | null)?.response;
  if (!response || typeof response.status !== "number") return error;
  const body = (typeof response.data === "object" && response.data) || {};
  const code = typeof body.code === "number" ? body.code : undefined;
  const reset = Number(response.headers?.["x-ogw-ratelimit-reset"]);
  return new FeishuApiError(
    response.status,
    code,
    `HTTP ${response.status}${code !== undefined ? ` code ${code}` : ""}: ${body.msg ?? "no message"}`,
    Number.isFinite(reset) ? reset : undefined,
  );
}

interface AxiosLikeResponse {
  status?: number;
  headers?: Record<string, unknown>;
  data?: { code?: unknown; msg?: string } | string;
}

/**
 * Frequency limits: 99991400 (the app's 50/s or 1,000/min, with HTTP 429) and
 * 230020 (5/s to one user or chat).
 */
const RATE_LIMITED = new Set([99991400, 230020]);

/**
 * The chat is gone for the bot, so its subscription ends: 230002 bot not in
 * the chat, 230013 user outside the app's availability, 230029 user resigned,
 * 230035 no permission to send in the chat, 230053 user stopped the bot's
 * messages, 232009 the group was dissolved.
 */
const GONE = new Set([230002, 230013, 230029, 230035, 230053, 232009]);

/** Token trouble the next call can get over (the token is fetched again). */
const TOKEN = new Set([99991661, 99991663, 99991668]);

/** Platform-side failures worth another try besides 5xx (2200: internal error). */
const TRANSIENT = new Set([2200]);

/** A failed send, in the dispatcher's terms. */
export function classify(error: unknown): SendFailure {
  const e = toApiError(error);
  if (!(e instanceof FeishuApiError)) return { kind: "transient" };
  if (e.status === 429 || (e.code !== undefined && RATE_LIMITED.has(e.code)))
    return { kind: "rate-limited", retryAfterMs: Math.max(1, e.resetSeconds ?? 1) * 1_000 };
  if (e.code !== undefined && GONE.has(e.code)) return { kind: "permanent" };
  if (e.code !== undefined && (TOKEN.has(e.code) || TRANSIENT.has(e.code)))
    return { kind: "transient" };
  if (e.status !== undefined && e.status >= 500) return { kind: "transient" };
  return { kind: "rejected" };
}
