import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../bot/app/config.js";
import { type Bot, createBot } from "../../bot/app/create-bot.js";
import { type App, openApp } from "../../bot/app/open-app.js";
import { PLATFORMS } from "../../bot/app/platforms.js";
import { BROADCAST, type Clock, type Dispatcher } from "../../bot/features/broadcast/ports.js";
import { CAMPAIGNS, type CampaignService } from "../../bot/features/campaigns/ports.js";
import type { CaseFields } from "../../bot/features/cases/case-notice.js";
import { CASES, type CaseSystem } from "../../bot/features/cases/ports.js";
import { type GroupQuizzes, QUIZ, type QuizService } from "../../bot/features/quiz/ports.js";
import type { Platform } from "../../bot/kernel/events.js";
import type { Handle } from "../../bot/kernel/handle.js";
import type { PlatformLimits } from "../../bot/kernel/platform.js";
import { CHATS, type ChatDirectory, type SubscriptionHealth } from "../../bot/kernel/ports.js";
import type { Scheduler } from "../../bot/kernel/scheduler.js";
import type { Sender } from "../../bot/kernel/sender.js";
import { onMemory } from "./memory-bot.js";

export interface CaseTestbed {
  app: App;
  bot: Bot;
  handle: Handle;
  chats: ChatDirectory & SubscriptionHealth;
  cases: CaseSystem;
  quiz: QuizService;
  campaigns: CampaignService;
  groupQuizzes: GroupQuizzes;
  dir: string;
  /** Subscribes groups (seen first, as a real group would be). */
  subscribe(platform: Platform, chatIds: string[], tags?: string[]): Promise<void>;
  dispatcher(
    senders: Partial<Record<Platform, Sender>>,
    options?: { limits?: ReadonlyMap<Platform, PlatformLimits>; maxInFlight?: number },
  ): Dispatcher;
  cleanup(): void;
}

/** An app on a temp data dir with the case system, a core and an injected clock. */
export async function openCaseTestbed(
  clock: Clock,
  env: Record<string, string> = {},
  admins: Partial<Record<Platform, string[]>> = { telegram: ["9"], slack: ["UADMIN"] },
  wiring: {
    senders?: Partial<Record<Platform, Sender>>;
    scheduler?: Scheduler;
    /** Where the features keep their state; the app's SQLite database by default. */
    storage?: "sqlite" | "memory";
  } = {},
): Promise<CaseTestbed> {
  const dir = mkdtempSync(join(tmpdir(), "qingfeng-cases-"));
  const config = loadConfig({ QINGFENG_DATA_DIR: join(dir, "data"), ...env });
  const app = await openApp(config, { now: () => new Date(clock.now()) });
  const { storage, ...rest } = wiring;
  const bot = await createBot(app, {
    admins,
    log: () => {},
    now: clock.now,
    ...rest,
    ...(storage === "memory" ? onMemory() : {}),
  });
  const chats = bot.services.get(CHATS);
  const cases = bot.services.get(CASES);
  const quizzes = bot.services.get(QUIZ);
  const quiz = quizzes.service;
  const groupQuizzes = quizzes.rounds;
  const campaigns = bot.services.get(CAMPAIGNS);
  return {
    app,
    bot,
    handle: bot.handle,
    chats,
    cases,
    quiz,
    campaigns,
    groupQuizzes,
    dir,
    async subscribe(platform, chatIds, tags = []) {
      for (const id of chatIds) {
        await chats.seen(platform, { id, type: "group", title: `群 ${id}` });
        await chats.subscribe(platform, id, tags, "test");
      }
    },
    dispatcher: (senders, options = {}) =>
      bot.services.get(BROADCAST).dispatcher({
        senders: new Map(Object.entries(senders).filter((e): e is [string, Sender] => !!e[1])),
        limits: options.limits ?? PLATFORM_LIMITS,
        maxInFlight: options.maxInFlight,
        clock,
      }),
    cleanup() {
      app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every registered platform's published limits, as a running bot paces by them. */
export const PLATFORM_LIMITS: ReadonlyMap<Platform, PlatformLimits> = new Map(
  PLATFORMS.map((p) => [p.id, p.limits]),
);

export const SAMPLE_CASE: CaseFields = {
  title: "某医院医生收受回扣问题",
  people: [],
  facts: "2022年至2023年，某医院心内科医生李某利用处方权，收受医药代表给予的药品回扣共计8万元。",
  result: "李某受到党内严重警告处分，违纪所得予以收缴。",
  lesson: "广大医务人员要以案为鉴，坚守廉洁底线。",
  tags: ["回扣"],
};

/** Timers that run only when a test fires them. */
export class ManualScheduler implements Scheduler {
  private readonly timers: { ms: number; run: () => void; cancelled: boolean }[] = [];

  after(ms: number, run: () => void): () => void {
    const timer = { ms, run, cancelled: false };
    this.timers.push(timer);
    return () => {
      timer.cancelled = true;
    };
  }

  /** Pending (not cancelled) timers. */
  pending(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }

  /** Fires the oldest pending timer; returns its delay, or undefined when none is pending. */
  fire(): number | undefined {
    const next = this.timers.find((t) => !t.cancelled);
    if (!next) return undefined;
    next.cancelled = true;
    next.run();
    return next.ms;
  }
}

/** Subscribes groups and publishes the sample notice in an app's data directory (for child-process tests). */
export async function publishSample(app: App, platform: Platform, groups: string[]): Promise<void> {
  const bot = await createBot(app, { log: () => {} });
  const chats = bot.services.get(CHATS);
  for (const id of groups) {
    await chats.seen(platform, { id, type: "group", title: id });
    await chats.subscribe(platform, id, [], "test");
  }
  const cases = bot.services.get(CASES);
  const draft = await cases.service.draft(SAMPLE_CASE, { by: "test" });
  await cases.service.publish(draft.id, { by: "test" });
}
