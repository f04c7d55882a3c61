import type { FeatureDescriptor } from "../../kernel/feature.js";
import { ConsoleAuth } from "./console-auth.js";
import { consoleCommand } from "./console-command.js";
import { CONSOLE } from "./ports.js";
import { POSTGRES_MIGRATIONS } from "./postgres-schema.js";
import { SQLITE_MIGRATIONS } from "./sqlite-schema.js";
import { openConsoleStore } from "./stores.js";
import { consoleCommandStrings } from "./strings.js";

export { type ConsoleWebDeps, createConsoleWeb } from "./web/console-web.js";

/**
 * The admin web console's sign-in: password hashes, one-time links and
 * sessions in the bot's storage, and the /console command that sends an
 * admin a link. The pages themselves (web/) are mounted by the app on the
 * one HTTP server, over the other features' services.
 */
export const consoleFeature: FeatureDescriptor = {
  name: "console",
  migrations: { sqlite: SQLITE_MIGRATIONS, postgres: POSTGRES_MIGRATIONS },
  open(env) {
    const auth = new ConsoleAuth({
      store: openConsoleStore(env.storage),
      now: env.now,
      idleMs: env.settings.console.idleMinutes * 60_000,
    });
    env.services.provide(CONSOLE, auth);
    return {
      commands: {
        console: {
          access: "bot-admin",
          aliases: ["控制台"],
          run: (ctx) =>
            consoleCommand(ctx, {
              auth,
              publicUrl: env.settings.console.publicUrl,
              port: env.settings.port,
              local: env.platforms.local,
            }),
        },
      },
      help: { zh: consoleCommandStrings("zh").help, en: consoleCommandStrings("en").help },
    };
  },
};
