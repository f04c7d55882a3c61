import { type CommandContext, openReady } from "../../app/cli/context.js";
import { parseAnswerOptions, parseIds, parseVerdict } from "./cli-feedback.js";

/** `qingfeng curated add|list|retire`: vetted standard answers pinned to question patterns. */
export async function curatedCommand(
  ctx: CommandContext,
  args: string[],
  json: boolean,
): Promise<number> {
  const [verb, ...rest] = args;
  const { values, positionals } = parseAnswerOptions(rest);
  const app = await openReady(ctx);
  try {
    switch (verb) {
      case "add": {
        const verdict = parseVerdict(values.verdict);
        if (!values.pattern || !values.answer) {
          ctx.io.err(
            'Usage: qingfeng curated add --pattern "question" --answer "…" --cite 12,34 [--verdict v] (without --verdict, the one the answer states)',
          );
          return 2;
        }
        const curated = await app.answers.pin({
          pattern: values.pattern,
          verdict,
          answer: values.answer,
          chunkIds: parseIds(values.cite) ?? [],
          by: "cli",
        });
        ctx.io.out(
          json ? JSON.stringify(curated, null, 2) : `Pinned standard answer #${curated.id}.`,
        );
        return 0;
      }
      case "list": {
        const list = await app.records.listCurated();
        if (json) ctx.io.out(JSON.stringify(list, null, 2));
        else
          for (const c of list)
            ctx.io.out(
              `#${c.id} [${c.verdict}] ${c.pattern}\n    ${c.answer} (clauses ${c.chunkIds.join(", ")})`,
            );
        return 0;
      }
      case "retire": {
        const ok = await app.records.retireCurated(Number(positionals[0]));
        ctx.io.out(ok ? `Retired #${positionals[0]}.` : `No standard answer #${positionals[0]}.`);
        return ok ? 0 : 1;
      }
      default:
        ctx.io.err("Usage: qingfeng curated add|list|retire …");
        return 2;
    }
  } finally {
    app.close();
  }
}
