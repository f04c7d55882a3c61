import { runConsole } from "../adapters/console/console-adapter.js";
import { adaptersFromConfig, configuredAdmins } from "../app/adapters-from-config.js";
import { coreFromApp } from "../app/core-from-app.js";
import { jsonLogger } from "../app/logger.js";
import { runServices } from "../app/run-services.js";
import { type CommandContext, openReady } from "./context.js";

export interface StartOptions {
  input?: NodeJS.ReadableStream;
  /** Resolves when the process should shut down (SIGTERM / SIGINT by default). */
  shutdown?: Promise<unknown>;
}

/**
 * `qingfeng start` (= `npm start`): ingests the shipped corpus on first start,
 * then starts every chat platform whose credentials are configured, with one
 * HTTP server on PORT — or, with none configured, the local chat in this
 * terminal. Shuts down gracefully on SIGTERM.
 */
export async function startCommand(
  ctx: CommandContext,
  options: StartOptions = {},
): Promise<number> {
  const app = await openReady(ctx);
  const log = jsonLogger(ctx.config.logLevel, (line) => ctx.io.err(line.trimEnd()));
  try {
    const counts = app.kb.store.counts();
    const { handle } = coreFromApp(app, {
      admins: { ...configuredAdmins(ctx.config), console: ["console"] },
      log,
    });
    const adapters = adaptersFromConfig(ctx.config, handle, log);
    if (adapters.length === 0) {
      ctx.io.err(
        `清风 Qingfeng ready: ${counts.documents} documents, ${counts.chunks} clauses, data in ${ctx.config.dataDir}.`,
      );
      ctx.io.err(
        "No chat platform configured: local chat. Ask a question (e.g. 药代请我吃饭可以吗？), /help for commands, Ctrl-D to quit.",
      );
      const input = options.input ?? process.stdin;
      const interactive = input === process.stdin && process.stdin.isTTY === true;
      await runConsole({
        handle,
        input,
        write: (text) => ctx.io.out(text),
        prompt: interactive ? () => process.stdout.write("清风> ") : undefined,
      });
      return 0;
    }
    log("info", "starting", {
      documents: counts.documents,
      clauses: counts.chunks,
      platforms: adapters.map((a) => a.platform),
    });
    const services = await runServices({ adapters, port: ctx.config.port, log });
    await (options.shutdown ?? ctx.shutdown ?? signalled());
    log("info", "shutting down");
    await services.stop();
    return 0;
  } finally {
    app.close();
  }
}

function signalled(): Promise<string> {
  return new Promise((resolve) => {
    process.once("SIGTERM", () => resolve("SIGTERM"));
    process.once("SIGINT", () => resolve("SIGINT"));
  });
}
