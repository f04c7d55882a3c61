import { parseArgs } from "node:util";
import { plural } from "../../../lib/text/plural.js";
import { type CommandContext, openReady } from "../../app/cli/context.js";

/** `qingfeng stats [--days N] [--json]`: aggregate analytics, never who asked. */
export async function statsCommand(
  ctx: CommandContext,
  args: string[],
  json: boolean,
): Promise<number> {
  const { values } = parseArgs({ args, options: { days: { type: "string", default: "30" } } });
  const days = Number(values.days);
  if (!Number.isInteger(days) || days <= 0) {
    ctx.io.err("--days takes a whole number of days, e.g. --days 7");
    return 2;
  }
  const app = await openReady(ctx);
  try {
    const since = new Date(Date.now() - days * 86_400_000).toISOString();
    const s = await app.records.stats(since);
    if (json) {
      ctx.io.out(JSON.stringify(s, null, 2));
      return 0;
    }
    ctx.io.out(
      `Last ${plural(days, "day")}: ${plural(s.questions, "question")}, 👍 ${s.thumbsUp} 👎 ${s.thumbsDown} (👎 rate ${s.downRate}), ${plural(s.openReviews, "open review")}.`,
    );
    ctx.io.out(`Per day: ${s.perDay.map((d) => `${d.day} ${d.questions}`).join(", ") || "—"}`);
    ctx.io.out(
      `Top topics:\n${s.topTopics.map((t) => `  ${t.questions}× ${t.topic}`).join("\n") || "  —"}`,
    );
    ctx.io.out(
      `Unanswered:\n${s.unanswered.map((u) => `  ${u.times}× ${u.question}`).join("\n") || "  —"}`,
    );
    return 0;
  } finally {
    app.close();
  }
}
