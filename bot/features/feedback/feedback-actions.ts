import type { AnswerService } from "../../../knowledge/answer/answer-service.js";
import type { AnswerRecords } from "../../../knowledge/ports/answer-records.js";
import type { HandlerContext } from "../../kernel/context.js";
import { userKey } from "../../kernel/context.js";
import { textMessage } from "../../kernel/out-message.js";
import type { PendingReasons } from "./pending-reasons.js";
import { t } from "./strings.js";

/** What rating needs besides the event. */
export interface FeedbackDeps {
  answers: AnswerService;
  records: AnswerRecords;
  reasons: PendingReasons;
}

/** 👍 / 👎 buttons ("fb:u:<answer>" / "fb:d:<answer>"): one rating per user, 👎 invites a reason. */
export async function feedbackAction(
  ctx: HandlerContext,
  deps: FeedbackDeps,
  direction: "u" | "d",
  answerId: number,
): Promise<void> {
  const { event, reply, lang } = ctx;
  if (!(await deps.records.getAnswer(answerId))) {
    await reply.ack(t("expired", lang));
    return;
  }
  await deps.answers.rate(
    answerId,
    direction === "u" ? 1 : -1,
    undefined,
    `${event.platform}:${event.user.id}`,
  );
  if (direction === "u") {
    await reply.ack(t("thanks", lang));
    return;
  }
  await reply.ack(t("thanks", lang));
  await deps.reasons.await(userKey(event), answerId);
  await reply.send(textMessage(t("askReason", lang)));
}

/** The reason a user typed after pressing 👎. */
export async function recordReason(
  ctx: HandlerContext,
  deps: FeedbackDeps,
  answerId: number,
  reason: string,
): Promise<void> {
  const { event, reply, lang } = ctx;
  await deps.answers.rate(answerId, -1, reason, `${event.platform}:${event.user.id}`);
  await reply.send(textMessage(t("reasonSaved", lang)));
}
