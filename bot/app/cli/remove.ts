import { resolve } from "node:path";
import { type CommandSpec, parseCommand } from "../../../lib/cli-args.js";
import { plural } from "../../../lib/text/plural.js";
import { openKnowledgeBase } from "../knowledge-base.js";
import type { CommandContext } from "./context.js";

const REMOVE = {
  name: "remove",
  usage: "remove <source>",
  summary:
    "Removes an ingested file's documents (the source path as `qingfeng docs` lists it);\nclauses other files share stay.",
  options: {},
  positionals: { min: 1, max: 1 },
  example: "remove /abs/path/院内规定.docx",
} satisfies CommandSpec;

/** `qingfeng remove <source>`: removes a file's documents; clauses other files share stay. */
export async function removeCommand(ctx: CommandContext, args: string[]): Promise<number> {
  const [source = ""] = parseCommand(args, REMOVE).positionals;
  const kb = await openKnowledgeBase(ctx.config);
  try {
    const key = (await kb.store.getSource(source)) ? source : resolve(source);
    if (!(await kb.store.getSource(key))) {
      ctx.io.err(`No ingested source "${source}". See \`qingfeng docs\` for the stored sources.`);
      return 1;
    }
    const changes = await kb.store.removeSource(key);
    await kb.index.apply(changes);
    await kb.index.save();
    ctx.io.out(`Removed ${key}: ${plural(changes.removed.length, "clause")} no longer stored.`);
    return 0;
  } finally {
    kb.close();
  }
}
