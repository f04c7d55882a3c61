import type { AnswerRecords } from "../../../knowledge/ports/answer-records.js";
import type { KnowledgeStore } from "../../../knowledge/ports/knowledge-store.js";
import type { HandlerContext } from "../../kernel/context.js";
import type { Section } from "../../kernel/out-message.js";
import { t } from "./strings.js";

/** "full:<answer>:<n>": the whole clause behind citation n, with the other documents carrying it. */
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
  // Numbered as the reply showed it on the button pressed: the message names the document instead.
  const [where, ...others] = chunk.occurrences;
  const sections: Section[] = [
    {
      kind: "note",
      text: `《${where?.title ?? ""}》${where?.year ? ` · ${where.year}` : ""}\n${where?.section ?? ""}`,
    },
    { kind: "quote", text: chunk.text },
  ];
  if (others.length > 0) {
    const list = others.map((o) => `《${o.title}》${o.year ? `（${o.year}）` : ""}`).join("、");
    sections.push({ kind: "note", text: `${t("alsoIn", lang)}${list}` });
  }
  await reply.send({ sections });
}
