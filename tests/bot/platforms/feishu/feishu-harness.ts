import { EventEmitter } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../../../bot/app/config.js";
import { type Bot, createBot } from "../../../../bot/app/create-bot.js";
import { type App, openApp } from "../../../../bot/app/open-app.js";
import type { CoreEvent } from "../../../../bot/kernel/events.js";
import type { Handle } from "../../../../bot/kernel/handle.js";
import type { Log } from "../../../../bot/kernel/log.js";
import type { Scheduler } from "../../../../bot/kernel/scheduler.js";
import {
  FeishuAdapter,
  type FeishuAdapterOptions,
} from "../../../../bot/platforms/feishu/feishu-adapter.js";
import { createFeishuClient } from "../../../../bot/platforms/feishu/feishu-client.js";
import { FeishuSender } from "../../../../bot/platforms/feishu/feishu-sender.js";
import { ManualScheduler } from "../../../helpers/case-testbed.js";
import { FakeClock } from "../../../helpers/fake-clock.js";
import { FAKE_APP, type FakeFeishu, startFakeFeishu } from "../../../helpers/fake-feishu/index.js";
import { onMemory } from "../../../helpers/memory-bot.js";

/** Wraps the core's handle: records every event and knows when all of them were handled. */
export class CoreSpy {
  readonly events: CoreEvent[] = [];
  private readonly running: Promise<void>[] = [];
  private readonly emitter = new EventEmitter();

  constructor(private readonly inner: Handle) {}

  readonly handle: Handle = (event, reply) => {
    this.events.push(event);
    const run = this.inner(event, reply);
    this.running.push(run);
    this.emitter.emit("event");
    return run;
  };

  /** Resolves once `count` events reached the core; rejects after a bounded wait. */
  waitForEvents(count: number, timeoutMs = 10_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.events.length < count) return false;
        clearTimeout(timer);
        this.emitter.off("event", check);
        resolve();
        return true;
      };
      const timer = setTimeout(() => {
        this.emitter.off("event", check);
        reject(new Error(`the core saw ${this.events.length} of ${count} events`));
      }, timeoutMs);
      if (!check()) this.emitter.on("event", check);
    });
  }

  /** Every core call so far has finished (its sends included). */
  async settled(): Promise<void> {
    await Promise.allSettled(this.running);
  }
}

export interface FeishuHarness {
  app: App;
  bot: Bot;
  fake: FakeFeishu;
  adapter: FeishuAdapter;
  sender: FeishuSender;
  spy: CoreSpy;
  /** The bot's time (publishing, the broadcast dispatcher); sleeps return at once. */
  clock: FakeClock;
  /** Reconnect waits: fired by the test. */
  scheduler: ManualScheduler;
  logs: { level: string; msg: string; fields?: Record<string, unknown> | undefined }[];
  /** A user writes (see FakeFeishu.say); resolves once the core has handled it, answers sent. */
  talk(...args: Parameters<FakeFeishu["say"]>): ReturnType<FakeFeishu["say"]>;
  /** A user presses a button; resolves once the core has handled it. */
  tap(...args: Parameters<FakeFeishu["press"]>): ReturnType<FakeFeishu["press"]>;
  close(): Promise<void>;
}

/**
 * The shipped corpus and every feature (state in memory), the real SDK's
 * adapter and sender over one client against the emulator, admins from the
 * options, reconnect waits on a manual scheduler. Not started.
 */
export async function openFeishuHarness(
  options: {
    admins?: string[];
    adapter?: Partial<FeishuAdapterOptions>;
    fake?: Parameters<typeof startFakeFeishu>[0];
    /** Timers of group quiz rounds (fired by the test). */
    quizTimers?: Scheduler;
    /** Feature state in the app's SQLite database (the quiz bank the CLI fills) instead of memory. */
    onDisk?: boolean;
  } = {},
): Promise<FeishuHarness> {
  const dir = mkdtempSync(join(tmpdir(), "qingfeng-feishu-"));
  const clock = new FakeClock();
  const app = await openApp(loadConfig({ QINGFENG_DATA_DIR: dir }), {
    now: () => new Date(clock.now()),
  });
  // Feishu's limits are measured on the bot's clock; waiting one out advances it.
  const fake = await startFakeFeishu({ now: clock.now, ...options.fake });
  const logs: FeishuHarness["logs"] = [];
  const log: Log = (level, msg, fields) => logs.push({ level, msg, fields });
  const client = createFeishuClient({ ...FAKE_APP, domain: fake.domain, log, timeoutMs: 5_000 });
  const sender = new FeishuSender(client);
  const bot = await createBot(app, {
    admins: { feishu: options.admins ?? [] },
    senders: { feishu: sender },
    log,
    now: clock.now,
    ...(options.quizTimers ? { scheduler: options.quizTimers } : {}),
    ...(options.onDisk ? {} : onMemory()),
  });
  const spy = new CoreSpy(bot.handle);
  const scheduler = new ManualScheduler();
  const adapter = new FeishuAdapter({
    client,
    ...FAKE_APP,
    domain: fake.domain,
    handle: spy.handle,
    isCommand: bot.isCommand,
    log,
    timeoutMs: 5_000,
    reconnect: { scheduler, random: () => 0.5 },
    sleep: clock.sleep,
    ...options.adapter,
  });
  const handled = async <T>(push: () => Promise<T>): Promise<T> => {
    const before = spy.events.length;
    const result = await push();
    await spy.waitForEvents(before + 1);
    await spy.settled();
    return result;
  };
  return {
    app,
    bot,
    fake,
    adapter,
    sender,
    spy,
    clock,
    scheduler,
    logs,
    talk: (...args) => handled(() => fake.say(...args)),
    tap: (...args) => handled(() => fake.press(...args)),
    async close() {
      await adapter.stop();
      await fake.close();
      app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
