import type { SendFailure } from "../../kernel/sender.js";
import { DingTalkApiError } from "./open-api.js";

/**
 * DingTalk's documented throttles (附录B：如何处理钉钉服务端API限流): the
 * per-app-per-API QPS limit and the platform-wide one last a second; the
 * standard edition's monthly call quota lasts until the month turns (or the
 * organisation upgrades), so the dispatcher waits an hour between tries.
 */
const THROTTLED: Record<string, number> = {
  "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi": 1_000,
  "Forbidden.AccessDenied.QpsLimitForApi": 1_000,
  "Forbidden.AccessDenied.ApiCountLimitForOrg": 3_600_000,
  // Ours (UserFlowControlled): the one-to-one API held a user's message back.
  flowControlled: 60_000,
};

/**
 * The chat is gone for the robot: it was removed from the group (the API then
 * reports the robot as not existing "请检查机器人是否在群内"), the group or
 * user does not exist, or the robot was stopped.
 */
const GONE =
  /^(invalidParameter\.robotCode\.notExsit|invalidParameter\.invalid|invalid\.openConversationId|invalidParameter\.openConversationId\.invalid|openConversationId\.notExisted|bot\.stopped|param\.openSpaceIdInvalid|param\.userIdNotExist|staffId\.notExisted|resource\.not\.found|userNotExist|chatNotExist)$/i;

/** DingTalk's wording when a card could not be put into a chat that is gone. */
const GONE_TEXT = /not.?(in|exist|found)|不在|不存在|已解散|已退出|removed|dismiss/i;

/** Server-side trouble worth trying again. */
const BUSY = /^(system\.busy|systemError|SYSTEM_ERROR|ServiceUnavailable|InternalError)$/i;

/** An API failure as what the broadcast dispatcher should do about it. */
export function classifyFailure(error: unknown): SendFailure {
  if (error instanceof DeliveryRefused)
    return GONE_TEXT.test(error.reason) ? { kind: "permanent" } : { kind: "transient" };
  if (!(error instanceof DingTalkApiError)) return { kind: "transient" };
  const wait = THROTTLED[error.code];
  if (wait !== undefined) return { kind: "rate-limited", retryAfterMs: wait };
  if (error.status === 429)
    return { kind: "rate-limited", retryAfterMs: error.retryAfterMs ?? 1_000 };
  if (error.status === 0 || error.status >= 500 || BUSY.test(error.code))
    return { kind: "transient" };
  // An expired or revoked token: the client fetched a new one for the next try.
  if (error.status === 401 || /InvalidAuthentication/i.test(error.code))
    return { kind: "transient" };
  if (GONE.test(error.code)) return { kind: "permanent" };
  // Missing permission, a bad template, content refused: fix the app, keep the subscription.
  return { kind: "rejected" };
}

/** Whether a failure is DingTalk saying the app is missing a permission (a console fix). */
export function isPermissionMissing(error: unknown): boolean {
  return (
    error instanceof DingTalkApiError &&
    /AccessTokenPermissionDenied|Forbidden\.AccessDenied\.(?!Qps|ApiCount)/.test(error.code)
  );
}

/**
 * A card the API created but could not put into the chat (deliverResults
 * with success false), or a user the one-to-one API refused
 * (invalidStaffIdList); `reason` is DingTalk's wording.
 */
export class DeliveryRefused extends Error {
  constructor(readonly reason: string) {
    super(`not delivered: ${reason}`);
    this.name = "DeliveryRefused";
  }
}

/** The one-to-one API held the message back for this user (flowControlledStaffIdList). */
export class UserFlowControlled extends DingTalkApiError {
  constructor(userId: string) {
    super(200, "flowControlled", `one-to-one messages to ${userId} are flow-controlled`, 60_000);
    this.name = "UserFlowControlled";
  }
}
