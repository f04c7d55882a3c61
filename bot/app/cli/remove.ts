import { resolve } from "node:path";
import { plural } from "../../../lib/text/plural.js";
import { openKnowledgeBase } from "../knowledge-base.js";
import type { CommandContext } from "./context.js";

/** `qingfeng remove <source>`: removes a file's documents; clauses other files share stay. */
export async function removeCommand(
  ctx: CommandContext,
  source: string | undefined,
): Promise<number> {
  if (!source) {
    ctx.io.err("Usage: qingfeng remove <source path as listed by `qingfeng docs`>");
    return 2;
  }
  const kb = await openKnowledgeBase(ctx.config);
  try {
    const key = kb.store.getSource(source) ? source : resolve(source);
    if (!kb.store.getSource(key)) {
      ctx.io.err(`No ingested source "${source}". See \`qingfeng docs\` for the stored sources.`);
      return 1;
    }
    const changes = kb.store.removeSource(key);
    await kb.index.apply(changes);
    await kb.index.save();
    ctx.io.out(`Removed ${key}: ${plural(changes.removed.length, "clause")} no longer stored.`);
    return 0;
  } finally {
    kb.close();
  }
}
