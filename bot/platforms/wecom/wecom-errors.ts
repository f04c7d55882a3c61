import type { SendFailure } from "../../kernel/sender.js";

/**
 * WeCom answers every command with `errcode` (0 = ok). The SDK rejects a
 * failed command with that answer frame itself (not an Error), and with an
 * Error when the frame never got an answer (not connected, 5 s ack timeout,
 * connection closed meanwhile).
 */
export function errcodeOf(error: unknown): number | undefined {
  const code = (error as { errcode?: unknown } | undefined)?.errcode;
  return typeof code === "number" ? code : undefined;
}

/** One line for logs and the outbox row: "errcode 45009: api freq out of limit" or the Error's message. */
export function describeWecomError(error: unknown): string {
  const code = errcodeOf(error);
  if (code !== undefined) {
    const msg = (error as { errmsg?: unknown }).errmsg;
    return `errcode ${code}: ${typeof msg === "string" ? msg.slice(0, 200) : "no errmsg"}`;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * Rate limits (全局错误码): 45009 "接口调用超过限制" — WeCom counts per minute and
 * per hour and sends no retry-after, so wait out the minute; 45033 "接口并发调
 * 用超过限制" passes as soon as fewer calls are in flight.
 */
const RATE_LIMITED: ReadonlyMap<number, number> = new Map([
  [45009, 60_000],
  [45033, 1_000],
]);

/**
 * The chat is out of the bot's reach for good (全局错误码): 40003 无效的UserID,
 * 60011 无权限 (outside the bot's visible range), 81013 UserID 全部非法或无权限,
 * 86001 chatid 不合法, 86003 chatid 对应的群不存在. WeCom publishes no separate
 * table for the intelligent bot's aibot_send_msg.
 */
const GONE = new Set([40003, 60011, 81013, 86001, 86003]);

/** A failed send as what the broadcast dispatcher should do about it. */
export function classifySendError(error: unknown): SendFailure {
  const code = errcodeOf(error);
  if (code === undefined) {
    // No answer at all: not connected (reconnecting) is a wait; a timeout or a dropped
    // connection may or may not have delivered, and is retried like any network error.
    const message = error instanceof Error ? error.message : "";
    if (/not connected/i.test(message)) return { kind: "rate-limited", retryAfterMs: 5_000 };
    return { kind: "transient" };
  }
  const wait = RATE_LIMITED.get(code);
  if (wait !== undefined) return { kind: "rate-limited", retryAfterMs: wait };
  if (GONE.has(code)) return { kind: "permanent" };
  // -1 系统繁忙 and codes outside the request-error range may pass on a retry.
  if (code === -1 || code < 40_000 || code >= 50_000) return { kind: "transient" };
  // 4xxxx: this message was refused (bad msgtype, content too long, invalid parameter).
  return { kind: "rejected" };
}
