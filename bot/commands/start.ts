import { runConsole } from "../adapters/console/console-adapter.js";
import { coreFromApp } from "../app/core-from-app.js";
import { type CommandContext, openReady } from "./context.js";

/**
 * `qingfeng start`: the embedded default. Ingests the shipped corpus on first
 * start and runs the local chat over the same core the chat platforms use.
 */
export async function startCommand(
  ctx: CommandContext,
  input: NodeJS.ReadableStream = process.stdin,
): Promise<number> {
  const app = await openReady(ctx);
  try {
    const counts = app.kb.store.counts();
    ctx.io.err(
      `清风 Qingfeng ready: ${counts.documents} documents, ${counts.chunks} clauses, data in ${ctx.config.dataDir}.`,
    );
    ctx.io.err("Ask a question (e.g. 药代请我吃饭可以吗？), /help for commands, Ctrl-D to quit.");
    const { handle } = coreFromApp(app, {
      admins: { console: ["console"] },
      log: (level, msg, fields) => {
        if (level === "error" || level === "warn")
          ctx.io.err(`[${level}] ${msg} ${JSON.stringify(fields ?? {})}`);
      },
    });
    await runConsole({ handle, input, write: (text) => ctx.io.out(text) });
    return 0;
  } finally {
    app.close();
  }
}
