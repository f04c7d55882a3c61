import type { HandlerContext } from "../../kernel/context.js";
import { userKey } from "../../kernel/context.js";
import { t } from "../../kernel/i18n.js";
import { textMessage } from "../../kernel/out-message.js";

/** 👍 / 👎 buttons ("fb:u:<answer>" / "fb:d:<answer>"): one rating per user, 👎 invites a reason. */
export async function feedbackAction(
  ctx: HandlerContext,
  direction: "u" | "d",
  answerId: number,
): Promise<void> {
  const { event, reply, deps, lang, memory } = ctx;
  if (!deps.records.getAnswer(answerId)) {
    await reply.ack(t("expired", lang));
    return;
  }
  deps.answers.rate(
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
  memory.awaitReason(userKey(event), answerId);
  await reply.send(textMessage(t("askReason", lang)));
}

/** The reason a user typed after pressing 👎. */
export async function recordReason(
  ctx: HandlerContext,
  answerId: number,
  reason: string,
): Promise<void> {
  const { event, reply, deps, lang } = ctx;
  deps.answers.rate(answerId, -1, reason, `${event.platform}:${event.user.id}`);
  await reply.send(textMessage(t("reasonSaved", lang)));
}

/** "full:<answer>:<n>": the whole clause behind citation n. */
export async function fullClauseAction(
  ctx: HandlerContext,
  answerId: number,
  n: number,
): Promise<void> {
  const { reply, deps, lang } = ctx;
  const record = deps.records.getAnswer(answerId);
  const chunkId = record?.chunkIds[n - 1];
  const chunk = chunkId === undefined ? undefined : deps.store.getChunks([chunkId])[0];
  if (!chunk) {
    await reply.ack(t("expired", lang));
    return;
  }
  await reply.ack();
  const where = chunk.occurrences[0];
  await reply.send({
    sections: [
      {
        kind: "note",
        text: `[${n}] 《${where?.title ?? ""}》${where?.year ? ` · ${where.year}` : ""}\n${where?.section ?? ""}`,
      },
      { kind: "quote", text: chunk.text },
    ],
  });
}
