import { EventEmitter } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../../bot/app/config.js";
import { type Bot, createBot } from "../../../bot/app/create-bot.js";
import { type App, openApp } from "../../../bot/app/open-app.js";
import type { CoreEvent } from "../../../bot/kernel/events.js";
import type { Log } from "../../../bot/kernel/log.js";
import type { PlatformDescriptor } from "../../../bot/kernel/platform.js";
import type { Scheduler } from "../../../bot/kernel/scheduler.js";
import { wecomPlatform } from "../../../bot/platforms/wecom/index.js";
import type { WecomConfig } from "../../../bot/platforms/wecom/read-config.js";
import type { WecomAdapter } from "../../../bot/platforms/wecom/wecom-adapter.js";
import type { WecomConnection } from "../../../bot/platforms/wecom/wecom-connection.js";
import {
  createWecomInstance,
  type WecomTuning,
} from "../../../bot/platforms/wecom/wecom-instance.js";
import type { WecomSender } from "../../../bot/platforms/wecom/wecom-sender.js";
import type { FakeWecom } from "./index.js";

export interface LogLine {
  level: string;
  msg: string;
  fields?: Record<string, unknown> | undefined;
}

/** The real bot (features, kernel, SQLite) with WeCom as its only platform, over an emulator. */
export interface WecomBot {
  app: App;
  bot: Bot;
  adapter: WecomAdapter;
  sender: WecomSender;
  connection: WecomConnection;
  /** Every core event the adapter handed to the kernel, redeliveries included. */
  events: CoreEvent[];
  /** Resolves when every core call so far has finished (its replies included). */
  settled(): Promise<void>;
  logs: LogLine[];
  /** The first log line matching (already written or still to come); rejects after `timeoutMs`. */
  waitForLog(match: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  /** Calls `watch` on every log line as it is written (to see state at that moment). */
  onLog(watch: (line: LogLine) => void): void;
  close(): Promise<void>;
}

export interface WecomBotOptions {
  /** WECOM_ADMIN_IDS. */
  admins?: string | undefined;
  /** WECOM_BOT_SECRET, when it should differ from the emulator's. */
  secret?: string | undefined;
  /** The bot's clock (the dispatcher's and the kernel's). */
  now?: (() => number) | undefined;
  /** Reconnect and heartbeat timing; default a 5 ms reconnect base so no test waits on backoff. */
  tuning?: WecomTuning | undefined;
  /** Connect at once (default true). */
  start?: boolean | undefined;
  /** Timers of group quiz rounds (tests fire them by hand). */
  scheduler?: Scheduler | undefined;
  /** Environment besides the WeCom keys. */
  env?: Record<string, string> | undefined;
}

/**
 * Opens an app on a temp data directory and a bot whose only platform is
 * WeCom, registered the way bot/app/platforms.ts does, with the descriptor's
 * own config reader and the instance factory its create() uses — only the
 * connection timing is shortened and the kernel's handle observed.
 */
export async function startWecomBot(
  fake: FakeWecom,
  options: WecomBotOptions = {},
): Promise<WecomBot> {
  const dir = mkdtempSync(join(tmpdir(), "qingfeng-wecom-"));
  const logs: LogLine[] = [];
  const emitter = new EventEmitter();
  emitter.setMaxListeners(100);
  const log: Log = (level, msg, fields) => {
    const line = { level, msg, fields };
    logs.push(line);
    emitter.emit("line", line);
  };
  const events: CoreEvent[] = [];
  const running: Promise<void>[] = [];
  let instance: ReturnType<typeof createWecomInstance> | undefined;
  const observed: PlatformDescriptor<WecomConfig> = {
    ...wecomPlatform,
    create: (config, ctx) => {
      instance = createWecomInstance(
        config,
        {
          ...ctx,
          handle: (event, reply) => {
            events.push(event);
            const run = ctx.handle(event, reply);
            running.push(run);
            return run;
          },
        },
        options.tuning ?? { reconnectBaseMs: 5 },
      );
      return instance;
    },
  };
  const config = loadConfig({
    QINGFENG_DATA_DIR: join(dir, "data"),
    WECOM_BOT_ID: fake.botId,
    WECOM_BOT_SECRET: options.secret ?? fake.secret,
    WECOM_WS_URL: fake.wsUrl,
    ...(options.admins ? { WECOM_ADMIN_IDS: options.admins } : {}),
    ...options.env,
  });
  const now = options.now;
  const app = await openApp(config, now ? { now: () => new Date(now()) } : {});
  const bot = await createBot(app, {
    platforms: [observed],
    log,
    ...(now ? { now } : {}),
    ...(options.scheduler ? { scheduler: options.scheduler } : {}),
  });
  if (!instance) throw new Error("the WeCom platform was not created");
  const { adapter, sender, connection } = instance;
  if (options.start !== false) await adapter.start();
  const waitForLog = (match: (line: LogLine) => boolean, timeoutMs = 10_000) =>
    new Promise<LogLine>((resolve, reject) => {
      const found = logs.find(match);
      if (found) return resolve(found);
      const onLine = (line: LogLine) => {
        if (!match(line)) return;
        clearTimeout(timer);
        emitter.off("line", onLine);
        resolve(line);
      };
      const timer = setTimeout(() => {
        emitter.off("line", onLine);
        reject(
          new Error(
            `no matching log line within ${timeoutMs} ms; got ${logs.map((l) => l.msg).join(" | ")}`,
          ),
        );
      }, timeoutMs);
      emitter.on("line", onLine);
    });
  return {
    app,
    bot,
    adapter,
    sender,
    connection,
    events,
    settled: async () => {
      await Promise.allSettled(running);
    },
    logs,
    waitForLog,
    onLog: (watch) => emitter.on("line", watch),
    close: async () => {
      await adapter.stop();
      await bot.stop();
      app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
