import type { Server } from "node:http";
import { CONSOLE } from "../features/console/ports.js";
import type { Log } from "../kernel/log.js";
import { adminConsole } from "./admin-console.js";
import type { CommandContext } from "./cli/context.js";
import type { Bot } from "./create-bot.js";
import { startHttpServer } from "./http-server.js";
import type { App } from "./open-app.js";

/**
 * The admin console beside the terminal chat: the one HTTP server on PORT
 * (health and /admin), bound to this machine only. A port already taken
 * leaves the chat running without the console and says so: the chat must
 * not depend on a free port.
 */
export async function serveLocalConsole(
  ctx: CommandContext,
  app: App,
  bot: Bot,
  log: Log,
): Promise<{ url: string | undefined; close(): Promise<void> }> {
  let server: Server;
  try {
    server = await startHttpServer({
      port: ctx.config.port,
      host: "127.0.0.1",
      routes: [],
      ready: () => true,
      log,
      mounts: [adminConsole(app, bot, log)],
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EADDRINUSE" && code !== "EACCES") throw error;
    log("warn", "admin console not started: the port is taken", {
      port: ctx.config.port,
      hint: "Set PORT to a free port to get the console beside the terminal chat.",
    });
    return { url: undefined, close: async () => {} };
  }
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : ctx.config.port;
  const url = ctx.config.console.publicUrl ?? `http://localhost:${port}/admin`;
  bot.services.get(CONSOLE).servedAt(url);
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
