import type { Verdict } from "../../../knowledge/answer/answer-types.js";
import {
  type CommandGroup,
  type CommandSpec,
  JSON_OPTION,
  parseCommand,
  parseId,
  pickSubCommand,
  UsageError,
} from "../../../lib/cli-args.js";
import { localDateTime } from "../../../lib/local-time.js";
import { type App, type CommandContext, openReady } from "../../app/cli/context.js";
import { QingfengError } from "../../kernel/errors.js";

const VERDICTS: Verdict[] = ["prohibited", "conditional", "info", "not_covered"];

const LIST = {
  name: "feedback list",
  usage: "feedback list [--json]",
  summary: "The open 👎 review queue: question, verdict given, reason, cited clauses.",
  options: JSON_OPTION,
  example: "feedback list",
} satisfies CommandSpec;

const RATE = {
  name: "feedback rate",
  usage: 'feedback rate <answer id> up|down [--reason "…"] [--json]',
  summary:
    "Rates an answer (its id is printed under every `qingfeng ask`); 👎 puts it in the queue.",
  options: {
    reason: { type: "string", value: '"…"', help: "what was wrong with the answer" },
    ...JSON_OPTION,
  },
  positionals: { min: 2, max: 2 },
  example: 'feedback rate 12 down --reason "请引用本院规定"',
} satisfies CommandSpec;

/** How a pinned answer's verdict and clauses are given (feedback resolve, curated add). */
export const PINNED_ANSWER_OPTIONS = {
  verdict: {
    type: "string",
    value: "V",
    help: `the answer's verdict: ${VERDICTS.join(", ")} (default: the one the answer states)`,
  },
  cite: {
    type: "string",
    value: "IDS",
    help: 'clause ids to cite, e.g. 12,34 ("chunkId" in ask --json)',
  },
} as const;

const RESOLVE = {
  name: "feedback resolve",
  usage:
    'feedback resolve <feedback id> --answer "corrected answer" [--verdict v] [--cite 12,34] [--json]',
  summary: "Resolves a 👎 by pinning a corrected standard answer to the question that got it.",
  options: {
    answer: { type: "string", value: '"…"', help: "the corrected answer (required)" },
    ...PINNED_ANSWER_OPTIONS,
    ...JSON_OPTION,
  },
  positionals: { min: 1, max: 1 },
  example: 'feedback resolve 3 --answer "不可以。……"',
} satisfies CommandSpec;

const FEEDBACK: CommandGroup = {
  name: "feedback",
  summary: "The 👎 review queue; resolving pins a corrected standard answer.",
  commands: [LIST, RATE, RESOLVE],
  example: "feedback list",
};

/**
 * `qingfeng feedback list|rate|resolve`: the 👎 review queue. Resolving pins a
 * corrected standard answer to the question that got the 👎.
 */
export async function feedbackCommand(ctx: CommandContext, args: string[]): Promise<number> {
  const { spec, rest } = pickSubCommand(args, FEEDBACK);
  if (spec === LIST) {
    const { values } = parseCommand(rest, LIST);
    return withApp(ctx, async (app) => {
      const queue = await app.records.openReviews();
      if (values.json) ctx.io.out(JSON.stringify(queue, null, 2));
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
    });
  }
  if (spec === RATE) {
    const { values, positionals } = parseCommand(rest, RATE);
    const answerId = parseId(RATE, positionals[0], "the answer id");
    const direction = positionals[1];
    if (direction !== "up" && direction !== "down") {
      throw new UsageError(RATE, `say up or down, got '${direction}'`);
    }
    return withApp(ctx, async (app) => {
      const item = await app.answers.rate(
        answerId,
        direction === "up" ? 1 : -1,
        values.reason,
        "cli",
      );
      ctx.io.out(
        values.json
          ? JSON.stringify(item, null, 2)
          : `Recorded ${direction === "up" ? "👍" : "👎"} #${item.id} on answer #${item.answerId}.`,
      );
      return 0;
    });
  }
  const { values, positionals } = parseCommand(rest, RESOLVE);
  const id = parseId(RESOLVE, positionals[0], "the feedback id");
  if (!values.answer) throw new UsageError(RESOLVE, "--answer is required");
  const verdict = parseVerdict(values.verdict);
  const chunkIds = parseIds(values.cite);
  const answer = values.answer;
  return withApp(ctx, async (app) => {
    const { feedback, curated } = await app.answers.resolve(id, {
      answer,
      verdict,
      chunkIds,
      by: "cli",
    });
    ctx.io.out(
      values.json
        ? JSON.stringify({ feedback, curated }, null, 2)
        : `Resolved #${feedback.id}: pinned standard answer #${curated.id} (${curated.verdict}) to “${curated.pattern}”.`,
    );
    return 0;
  });
}

/** Opens the app for one sub-command and closes it after. */
export async function withApp(
  ctx: CommandContext,
  run: (app: App) => Promise<number>,
): Promise<number> {
  const app = await openReady(ctx);
  try {
    return await run(app);
  } finally {
    app.close();
  }
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
