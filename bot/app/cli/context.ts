import { plural } from "../../../lib/text/plural.js";
import type { Config } from "../config.js";
import type { Bot } from "../create-bot.js";
import { jsonLogger } from "../logger.js";
import { type App, openApp } from "../open-app.js";

/** Re-exported so feature CLI verbs need no other app module (see scripts/layers/layer-rules.ts). */
export type { App, Bot };

export interface CommandIO {
  out: (text: string) => void;
  err: (text: string) => void;
  isTTY: boolean;
}

export interface CommandContext {
  config: Config;
  io: CommandIO;
  /** Builds the app (tests inject an LLM answerer or a clock here). */
  open?: (config: Config) => Promise<App>;
  /** Resolves when a long-running command should stop (default: SIGTERM / SIGINT). */
  shutdown?: Promise<unknown>;
}

/**
 * Opens the app, ingesting the shipped corpus first when the store is empty;
 * says so unless the caller greets with its own words (the terminal chat).
 */
export async function openReady(
  ctx: CommandContext,
  options: { announceFirstIngest?: boolean } = {},
): Promise<App> {
  const app = await (ctx.open ?? openApp)(ctx.config);
  if (app.firstIngest && options.announceFirstIngest !== false) {
    // The store's counts, as `docs` and the chat's welcome give them: a clause shared by
    // several editions is one clause, not one per document.
    const { sources, documents, chunks } = await app.kb.store.counts();
    ctx.io.err(
      `Ingested the shipped corpus: ${plural(sources, "file")} holding ${plural(documents, "document")}, ${plural(chunks, "distinct clause")}.`,
    );
  }
  return app;
}

/**
 * Opens the app and the bot's features over it, without starting any
 * platform: what a CLI verb needs to go through the same services as chat.
 */
export async function openBot(ctx: CommandContext): Promise<{ app: App; bot: Bot }> {
  const app = await openReady(ctx);
  try {
    const log = jsonLogger(ctx.config.logLevel, (line) => ctx.io.err(line.trimEnd()));
    // Loaded here, not at the top: `ask` and the other verbs without a bot skip every feature module.
    const { createBot } = await import("../create-bot.js");
    return { app, bot: await createBot(app, { log }) };
  } catch (error) {
    app.close();
    throw error;
  }
}
