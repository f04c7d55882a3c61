import type { AnswerRecords } from "../../../knowledge/ports/answer-records.js";
import type { KnowledgeStore } from "../../../knowledge/ports/knowledge-store.js";
import type { HandlerContext } from "../../kernel/context.js";
import { t } from "./strings.js";

/** "full:<answer>:<n>": the whole clause behind citation n. */
export async function fullClauseAction(
  ctx: HandlerContext,
  knowledge: { records: AnswerRecords; store: KnowledgeStore },
  answerId: number,
  n: number,
): Promise<void> {
  const { reply, lang } = ctx;
  const record = await knowledge.records.getAnswer(answerId);
  const chunkId = record?.chunkIds[n - 1];
  const chunk = chunkId === undefined ? undefined : (await knowledge.store.getChunks([chunkId]))[0];
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
