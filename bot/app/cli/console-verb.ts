import { type CommandSpec, parseCommand } from "../../../lib/cli-args.js";
import { CONSOLE } from "../../features/console/ports.js";
import { adminConsole } from "../admin-console.js";
import { createBot } from "../create-bot.js";
import { startHttpServer } from "../http-server.js";
import { jsonLogger } from "../logger.js";
import { type CommandContext, openReady } from "./context.js";

const CONSOLE_VERB = {
  name: "console",
  usage: "console",
  summary:
    "Serves the admin web console alone (no chat platform) on PORT under /admin, with /healthz.\nCase notices published here are sent by the running `qingfeng start`. Stops on SIGTERM.",
  options: {},
  example: "console",
} satisfies CommandSpec;

/** `qingfeng console`: the admin console without the chat platforms. */
export async function consoleCommand(ctx: CommandContext, args: string[]): Promise<number> {
  parseCommand(args, CONSOLE_VERB);
  const log = jsonLogger(ctx.config.logLevel, (line) => ctx.io.err(line.trimEnd()));
  const app = await openReady(ctx);
  try {
    const bot = await createBot(app, { log });
    const server = await startHttpServer({
      port: ctx.config.port,
      routes: [],
      ready: () => true,
      log,
      mounts: [adminConsole(app, bot, log)],
    });
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : ctx.config.port;
    const url = ctx.config.console.publicUrl ?? `http://localhost:${port}/admin`;
    bot.services.get(CONSOLE).servedAt(url);
    log("info", "admin console listening", { port, url });
    await (ctx.shutdown ?? signalled());
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    log("info", "stopped");
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
