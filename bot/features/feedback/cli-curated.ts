import {
  type CommandGroup,
  type CommandSpec,
  parseCommand,
  parseId,
  pickSubCommand,
  UsageError,
} from "../../../lib/cli-args.js";
import type { CommandContext } from "../../app/cli/context.js";
import { PINNED_ANSWER_OPTIONS, parseIds, parseVerdict, withApp } from "./cli-feedback.js";

const ADD = {
  name: "curated add",
  usage: 'curated add --pattern "question" --answer "…" [--verdict v] [--cite 12,34] [--json]',
  summary: "Pins a vetted standard answer: it wins over generated ones for close questions.",
  options: {
    pattern: { type: "string", value: '"…"', help: "the question it answers (required)" },
    answer: { type: "string", value: '"…"', help: "the answer text (required)" },
    ...PINNED_ANSWER_OPTIONS,
    json: { type: "boolean", help: "print the pinned answer as JSON" },
  },
  example:
    'curated add --pattern "药代请吃饭可以吗" --verdict prohibited --answer "……" --cite 12,34',
} satisfies CommandSpec;

const LIST = {
  name: "curated list",
  usage: "curated list [--json]",
  summary: "The standard answers in force.",
  options: { json: { type: "boolean", help: "print them as JSON" } },
  example: "curated list",
} satisfies CommandSpec;

const RETIRE = {
  name: "curated retire",
  usage: "curated retire <id>",
  summary: "Retires a standard answer: generated answers take over again.",
  options: {},
  positionals: { min: 1, max: 1 },
  example: "curated retire 2",
} satisfies CommandSpec;

const CURATED: CommandGroup = {
  name: "curated",
  summary: "Vetted standard answers pinned to question patterns.",
  commands: [ADD, LIST, RETIRE],
  example: "curated list",
};

/** `qingfeng curated add|list|retire`: vetted standard answers pinned to question patterns. */
export async function curatedCommand(ctx: CommandContext, args: string[]): Promise<number> {
  const { spec, rest } = pickSubCommand(args, CURATED);
  if (spec === ADD) {
    const { values } = parseCommand(rest, ADD);
    const { pattern, answer } = values;
    if (!pattern || !answer) {
      throw new UsageError(ADD, "--pattern and --answer are required");
    }
    const verdict = parseVerdict(values.verdict);
    const chunkIds = parseIds(values.cite) ?? [];
    return withApp(ctx, async (app) => {
      const curated = await app.answers.pin({ pattern, verdict, answer, chunkIds, by: "cli" });
      ctx.io.out(
        values.json ? JSON.stringify(curated, null, 2) : `Pinned standard answer #${curated.id}.`,
      );
      return 0;
    });
  }
  if (spec === LIST) {
    const { values } = parseCommand(rest, LIST);
    return withApp(ctx, async (app) => {
      const list = await app.records.listCurated();
      if (values.json) ctx.io.out(JSON.stringify(list, null, 2));
      else
        for (const c of list)
          ctx.io.out(
            `#${c.id} [${c.verdict}] ${c.pattern}\n    ${c.answer} (clauses ${c.chunkIds.join(", ")})`,
          );
      return 0;
    });
  }
  const id = parseId(RETIRE, parseCommand(rest, RETIRE).positionals[0]);
  return withApp(ctx, async (app) => {
    const ok = await app.records.retireCurated(id);
    ctx.io.out(ok ? `Retired #${id}.` : `No standard answer #${id}.`);
    return ok ? 0 : 1;
  });
}
