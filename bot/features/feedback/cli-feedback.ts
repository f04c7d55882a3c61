import { parseArgs } from "node:util";
import type { Verdict } from "../../../knowledge/answer/answer-types.js";
import { localDateTime } from "../../../lib/local-time.js";
import { type CommandContext, openReady } from "../../app/cli/context.js";
import { QingfengError } from "../../kernel/errors.js";

const VERDICTS: Verdict[] = ["prohibited", "conditional", "info", "not_covered"];

/**
 * `qingfeng feedback list|rate|resolve`: the 👎 review queue. Resolving pins a
 * corrected standard answer to the question that got the 👎.
 */
export async function feedbackCommand(
  ctx: CommandContext,
  args: string[],
  json: boolean,
): Promise<number> {
  const [verb, ...rest] = args;
  const { values, positionals } = parseAnswerOptions(rest);
  const app = await openReady(ctx);
  try {
    switch (verb) {
      case "list": {
        const queue = await app.records.openReviews();
        if (json) ctx.io.out(JSON.stringify(queue, null, 2));
        else if (queue.length === 0) ctx.io.out("No open 👎 feedback.");
        else
          for (const f of queue) {
            ctx.io.out(
              `#${f.id} 👎 ${localDateTime(f.createdAt, ctx.config.cases.utcOffsetMinutes)} answer #${f.answerId} (${f.answer.verdict})`,
            );
            ctx.io.out(`    Q: ${f.answer.question}`);
            if (f.reason) ctx.io.out(`    reason: ${f.reason}`);
            ctx.io.out(`    cited clauses: ${f.answer.chunkIds.join(", ") || "none"}`);
          }
        return 0;
      }
      case "rate": {
        const [answerId, direction] = positionals;
        if (!answerId || (direction !== "up" && direction !== "down")) {
          ctx.io.err('Usage: qingfeng feedback rate <answer id> up|down [--reason "…"]');
          return 2;
        }
        const item = await app.answers.rate(
          Number(answerId),
          direction === "up" ? 1 : -1,
          values.reason,
          "cli",
        );
        ctx.io.out(
          json
            ? JSON.stringify(item, null, 2)
            : `Recorded ${direction === "up" ? "👍" : "👎"} #${item.id} on answer #${item.answerId}.`,
        );
        return 0;
      }
      case "resolve": {
        const [id] = positionals;
        if (!id || !values.answer) {
          ctx.io.err(
            `Usage: qingfeng feedback resolve <feedback id> --answer "corrected answer" [--verdict ${VERDICTS.join("|")}] [--cite 12,34]\n  without --verdict, the one the answer states (不可以 → prohibited, 可以，但须… → conditional, 未涉及 → not_covered)`,
          );
          return 2;
        }
        const { feedback, curated } = await app.answers.resolve(Number(id), {
          answer: values.answer,
          verdict: parseVerdict(values.verdict),
          chunkIds: parseIds(values.cite),
          by: "cli",
        });
        ctx.io.out(
          json
            ? JSON.stringify({ feedback, curated }, null, 2)
            : `Resolved #${feedback.id}: pinned standard answer #${curated.id} (${curated.verdict}) to “${curated.pattern}”.`,
        );
        return 0;
      }
      default:
        ctx.io.err("Usage: qingfeng feedback list|rate|resolve …");
        return 2;
    }
  } finally {
    app.close();
  }
}

/** Options shared by the feedback and curated verbs: --answer --verdict --cite --reason --pattern. */
export function parseAnswerOptions(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      answer: { type: "string" },
      verdict: { type: "string" },
      cite: { type: "string" },
      reason: { type: "string" },
      pattern: { type: "string" },
    },
  });
}

export function parseVerdict(value: string | undefined): Verdict | undefined {
  if (value === undefined) return undefined;
  if (!VERDICTS.includes(value as Verdict)) {
    throw new QingfengError(
      "BAD_INPUT",
      `--verdict must be one of ${VERDICTS.join(", ")}, got "${value}".`,
    );
  }
  return value as Verdict;
}

export function parseIds(value: string | undefined): number[] | undefined {
  if (value === undefined) return undefined;
  const ids = value
    .split(/[,\s]+/)
    .filter(Boolean)
    .map(Number);
  if (ids.some((n) => !Number.isInteger(n) || n <= 0)) {
    throw new QingfengError(
      "BAD_INPUT",
      `--cite takes clause ids like 12,34 (see "chunkId" in ask --json), got "${value}".`,
    );
  }
  return ids;
}
