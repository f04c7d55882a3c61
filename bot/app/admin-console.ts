import { createConsoleWeb } from "../features/console/index.js";
import type { Log } from "../kernel/log.js";
import type { Bot } from "./create-bot.js";
import { documentLibrary } from "./document-library.js";
import type { HttpMount } from "./http-server.js";
import type { App } from "./open-app.js";

/** The admin console (bot/features/console) over this app and bot, mounted at /admin. */
export function adminConsole(app: App, bot: Bot, log: Log): HttpMount {
  const { listener } = createConsoleWeb({
    services: bot.services,
    knowledge: bot.env.knowledge,
    documents: documentLibrary(app.kb, app.config.dataDir),
    platforms: bot.env.platforms,
    isAdmin: (platform, userId) => bot.isAdmin(platform, userId),
    settings: app.config,
    now: bot.env.now,
    log,
  });
  return { prefix: "/admin", listener };
}
