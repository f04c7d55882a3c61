import { BROADCAST } from "../../features/broadcast/ports.js";
import { CONSOLE } from "../../features/console/ports.js";
import { QingfengError } from "../../kernel/errors.js";
import type { Lang } from "../../kernel/i18n.js";
import type { Log } from "../../kernel/log.js";
import { CHATS } from "../../kernel/ports.js";
import { realScheduler } from "../../kernel/scheduler.js";
import { CONSOLE_CHAT, consoleStrings, isConsoleAdapter } from "../../platforms/console/index.js";
import { postgresReachable } from "../../storage/postgres.js";
import { Leadership } from "../../storage/postgres-leader.js";
import { adminConsole } from "../admin-console.js";
import { describeStorage, isPostgres, openConfiguredStorage } from "../bot-storage.js";
import { CorpusFollower } from "../corpus-follower.js";
import { type Bot, createBot } from "../create-bot.js";
import { DatabaseWatch } from "../database-watch.js";
import { FEATURES } from "../features.js";
import { serveLocalConsole } from "../local-console.js";
import { jsonLogger } from "../logger.js";
import type { App } from "../open-app.js";
import { PLATFORMS } from "../platforms.js";
import { installProcessGuard } from "../process-guard.js";
import { type RunningServices, runServices } from "../run-services.js";
import { shutDownWithin } from "../shutdown.js";
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
 * terminal. Case-notice broadcasts are sent from here, whoever queued them
 * (chat or `qingfeng case publish`). Shuts down gracefully on SIGTERM.
 */
export async function startCommand(
  ctx: CommandContext,
  options: StartOptions = {},
): Promise<number> {
  const log = jsonLogger(ctx.config.logLevel, (line) => ctx.io.err(line.trimEnd()));
  // Said before the (possibly long) first ingest, so a slow start is never a silent one.
  const quiet = !hasChatPlatform(ctx); // the terminal chat has its own greeting
  log(quiet ? "debug" : "info", "opening the knowledge base", { dataDir: ctx.config.dataDir });
  const app = await openReady(ctx, { announceFirstIngest: !quiet });
  // No input may end a running bot: what escapes the request guards is logged instead.
  const removeGuard = installProcessGuard(log);
  let stopFollowing = () => {};
  let background: Background | undefined;
  let closeStorage = async () => {};
  try {
    // Another process may ingest while this one runs: follow the corpus version.
    const corpus = new CorpusFollower({ store: app.kb.store, index: app.kb.index, log });
    stopFollowing = corpus.follow(realScheduler);
    const storage = await openConfiguredStorage(app, FEATURES);
    closeStorage = isPostgres(storage) ? () => storage.close() : async () => {};
    log("info", "storage", describeStorage(storage, app));
    const bot = await createBot(app, { log, corpus, write: (text) => ctx.io.out(text), storage });
    background = runBackground(bot, ctx.config.operations.shutdownTimeoutMs, log);
    if (!bot.local) return await platforms(ctx, app, bot, log, options, background);
    // The console beside the terminal chat, on this machine only (the chat is its one admin).
    const console = await serveLocalConsole(ctx, app, bot, log);
    try {
      const code = await localChat(ctx, app, bot, options, console.url);
      // Input can end before a just-published notice went out: send what is due, then exit.
      await bot.stop();
      await bot.services.get(BROADCAST).main().drain(0);
      return code;
    } finally {
      await console.close();
    }
  } finally {
    stopFollowing();
    await background?.release();
    await closeStorage();
    app.close();
    removeGuard();
  }
}

/** The longest per-second pacing window of the platforms (Telegram's 30/s, Feishu's 50/s…). */
const TAKEOVER_PAUSE_MS = 1_000;

/** The bot's background work as this instance runs it, and whether its database answers. */
interface Background {
  healthy(): boolean;
  /**
   * After the bot stopped (the shutdown steps stop and, past the deadline,
   * abandon its work): gives up leadership, so another instance takes over
   * at once. Never waits on the bot's work again.
   */
  release(): Promise<void>;
}

/**
 * On SQLite the dispatcher and schedulers run here. On PostgreSQL they run
 * on one instance at a time, the leader (postgres-leader.ts): started when
 * this one takes the lock, stopped when it loses it; and readiness follows
 * the database.
 */
function runBackground(bot: Bot, deadlineMs: number, log: Log): Background {
  const storage = bot.storage;
  if (!isPostgres(storage)) {
    bot.start();
    return { healthy: () => true, release: async () => {} };
  }
  const watch = new DatabaseWatch({
    ping: () => postgresReachable(storage.pool),
    log,
    scheduler: realScheduler,
  });
  let releasing = false;
  const leadership = new Leadership({
    url: storage.url,
    owner: storage.owner,
    // The dead leader's last second of sends is unknown here: starting a pacing window later
    // keeps the platform's per-second limit in aggregate across the takeover.
    onLead: () => {
      realScheduler.after(TAKEOVER_PAUSE_MS, () => {
        if (leadership.isLeader() && !releasing) bot.start();
      });
    },
    // Lost while running (a broken session): stop within the deadline; on release the
    // shutdown has stopped the bot already.
    onLose: async () => {
      if (!releasing) await stopBackground(bot, deadlineMs, log);
    },
    log,
    scheduler: realScheduler,
  });
  watch.start();
  leadership.start();
  return {
    healthy: () => watch.reachable(),
    release: async () => {
      releasing = true;
      watch.stop();
      await leadership.stop();
    },
  };
}

/** Whether any chat platform (not the terminal) is configured. */
function hasChatPlatform(ctx: CommandContext): boolean {
  return PLATFORMS.some((p) => !p.local && ctx.config.platforms.has(p.id));
}

/**
 * The chat in this terminal until /quit, Ctrl-D, Ctrl-C twice, or SIGTERM /
 * SIGINT — each ends it between two lines, then the caller shuts down.
 */
async function localChat(
  ctx: CommandContext,
  app: App,
  bot: Bot,
  options: StartOptions,
  consoleUrl: string | undefined,
): Promise<number> {
  const terminal = bot.adapters.find(isConsoleAdapter);
  if (!terminal) {
    throw new QingfengError("CONFIG_INVALID", "No terminal platform to run the local chat.", {
      hint: "Keep consolePlatform in bot/app/platforms.ts.",
    });
  }
  const chats = bot.services.find(CHATS);
  const language = async (): Promise<Lang> =>
    (await chats?.get("console", CONSOLE_CHAT.id))?.language ?? "zh";
  // Listening before the greeting: a SIGTERM once the chat is announced ends it gracefully.
  const signals = options.shutdown || ctx.shutdown ? undefined : shutdownSignals();
  try {
    const { sources, documents, chunks } = await app.kb.store.counts();
    ctx.io.err(
      consoleStrings(await language()).welcome({
        counts: { sources, documents, chunks },
        dataDir: ctx.config.dataDir,
        firstIngest: app.firstIngest !== undefined,
      }),
    );
    if (consoleUrl) ctx.io.err(consoleStrings(await language()).consoleAt(consoleUrl));
    const input = options.input ?? process.stdin;
    const interactive = input === process.stdin && process.stdin.isTTY === true;
    await terminal.converse({
      input,
      tty: interactive ? { output: process.stdout } : undefined,
      language,
      shutdown: options.shutdown ?? ctx.shutdown ?? signals?.received,
    });
  } finally {
    signals?.dispose();
  }
  return 0;
}

/** SIGTERM / SIGINT as a promise, with listeners removed when the chat ends first. */
function shutdownSignals(): { received: Promise<string>; dispose: () => void } {
  let dispose = () => {};
  const received = new Promise<string>((resolve) => {
    const onTerm = () => resolve("SIGTERM");
    const onInt = () => resolve("SIGINT");
    process.once("SIGTERM", onTerm);
    process.once("SIGINT", onInt);
    dispose = () => {
      process.off("SIGTERM", onTerm);
      process.off("SIGINT", onInt);
    };
  });
  return { received, dispose };
}

async function platforms(
  ctx: CommandContext,
  app: App,
  bot: Bot,
  log: Log,
  options: StartOptions,
  background: Background,
): Promise<number> {
  const { adapters } = bot;
  // Listening from the start: a SIGTERM while platforms connect still shuts down in order.
  const shutdown = options.shutdown ?? ctx.shutdown ?? signalled();
  const { shutdownTimeoutMs } = ctx.config.operations;
  const counts = await app.kb.store.counts();
  log("info", "starting", {
    documents: counts.documents,
    clauses: counts.chunks,
    platforms: adapters.map((a) => a.platform),
  });
  let services: RunningServices;
  try {
    services = await runServices({
      adapters,
      port: ctx.config.port,
      log,
      healthy: () => background.healthy(),
      mounts: [adminConsole(app, bot, log)],
    });
    const address = services.server?.address();
    if (typeof address === "object" && address)
      bot.services.get(CONSOLE).servedAt(`http://localhost:${address.port}/admin`);
  } catch (error) {
    await stopBackground(bot, shutdownTimeoutMs, log);
    throw error;
  }
  await shutdown;
  log("info", "shutting down", { deadlineMs: shutdownTimeoutMs });
  const unfinished = await shutDownWithin(
    [{ name: "platforms", run: () => services.stop() }, ...bot.stopSteps()],
    { deadlineMs: shutdownTimeoutMs, log },
  );
  if (unfinished.length > 0) {
    await bot.abandon();
    services.forceClose();
  }
  log("info", "stopped");
  return 0;
}

/** Stops the background work within the deadline; sends still in flight go back to pending. */
async function stopBackground(bot: Bot, deadlineMs: number, log: Log): Promise<void> {
  const unfinished = await shutDownWithin(bot.stopSteps(), { deadlineMs, log });
  if (unfinished.length > 0) await bot.abandon();
}

function signalled(): Promise<string> {
  return new Promise((resolve) => {
    process.once("SIGTERM", () => resolve("SIGTERM"));
    process.once("SIGINT", () => resolve("SIGINT"));
  });
}
