import type { AnswerRecords } from "../../../knowledge/ports/answer-records.js";
import { plural } from "../../../lib/text/plural.js";
import type { HandlerContext } from "../../kernel/context.js";
import { textMessage } from "../../kernel/out-message.js";

/** Questions per day, top topics, unanswered questions and the 👎 queue — never who asked. */
export async function stats(
  ctx: HandlerContext,
  records: AnswerRecords,
  args: string,
  utcOffsetMinutes: number,
): Promise<void> {
  const days = Math.min(365, Math.max(1, Number.parseInt(args, 10) || 7));
  const since = new Date(ctx.now() - days * 86_400_000).toISOString();
  const s = await records.stats(since, utcOffsetMinutes);
  const en = ctx.lang === "en";
  const lines = [
    en
      ? `Last ${plural(days, "day")}: ${plural(s.questions, "question")}`
      : `近 ${days} 天：共 ${s.questions} 个问题`,
    (en ? "Per day: " : "每日：") +
      (s.perDay.map((d) => `${d.day.slice(5)} ${d.questions}`).join("，") || "—"),
    (en ? "Top topics:" : "热点主题：") +
      (s.topTopics.length
        ? `\n${s.topTopics.map((x) => `· ${x.topic}（${x.questions}）`).join("\n")}`
        : " —"),
    (en ? "Unanswered:" : "未能回答：") +
      (s.unanswered.length
        ? `\n${s.unanswered
            .slice(0, 10)
            .map((u) => `· ${u.question}（${u.times}）`)
            .join("\n")}`
        : " —"),
    en
      ? `👍 ${s.thumbsUp} · 👎 ${s.thumbsDown} (👎 rate ${s.downRate}) · review queue: ${s.openReviews}`
      : `👍 ${s.thumbsUp} · 👎 ${s.thumbsDown}（👎 率 ${s.downRate}）· 待审核：${s.openReviews}`,
  ];
  await ctx.reply.send(textMessage(lines.join("\n")));
}
