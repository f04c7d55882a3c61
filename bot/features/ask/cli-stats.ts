import { type CommandSpec, parseCommand, UsageError } from "../../../lib/cli-args.js";
import { plural } from "../../../lib/text/plural.js";
import { type CommandContext, openReady } from "../../app/cli/context.js";

const STATS = {
  name: "stats",
  usage: "stats [--days N] [--json]",
  summary: "Questions per day, top topics, unanswered questions and the 👎 rate — never who asked.",
  options: {
    days: { type: "string", value: "N", help: "the last N days (default 30)" },
    json: { type: "boolean", help: "print the figures as JSON" },
  },
  example: "stats --days 7",
} satisfies CommandSpec;

/** `qingfeng stats [--days N] [--json]`: aggregate analytics, never who asked. */
export async function statsCommand(ctx: CommandContext, args: string[]): Promise<number> {
  const { values } = parseCommand(args, STATS);
  const days = Number(values.days ?? "30");
  if (!Number.isInteger(days) || days <= 0) {
    throw new UsageError(STATS, `--days takes a whole number of days, got '${values.days}'`);
  }
  const app = await openReady(ctx);
  try {
    const since = new Date(Date.now() - days * 86_400_000).toISOString();
    const s = await app.records.stats(since, ctx.config.cases.utcOffsetMinutes);
    if (values.json) {
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
