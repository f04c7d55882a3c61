import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../bot/app/config.js";
import { coreFromApp } from "../../bot/app/core-from-app.js";
import { type App, openApp } from "../../bot/app/open-app.js";
import type { Clock, Dispatcher } from "../../bot/features/broadcast/dispatcher.js";
import type { PlatformLimits } from "../../bot/features/broadcast/rate-gates.js";
import type { CampaignService } from "../../bot/features/campaigns/campaign-service.js";
import type { CaseFields } from "../../bot/features/cases/case-notice.js";
import { type CaseSystem, createDispatcher } from "../../bot/features/cases/case-system.js";
import type { SqliteChatStore } from "../../bot/features/groups/sqlite-chat-store.js";
import type { GroupQuizzes, Scheduler } from "../../bot/features/quiz/group-quiz.js";
import type { QuizService } from "../../bot/features/quiz/quiz-service.js";
import type { Platform } from "../../bot/kernel/events.js";
import type { Handle } from "../../bot/kernel/handle.js";
import type { Sender } from "../../bot/kernel/sender.js";

export interface CaseTestbed {
  app: App;
  handle: Handle;
  chats: SqliteChatStore;
  cases: CaseSystem;
  quiz: QuizService;
  campaigns: CampaignService;
  groupQuizzes: GroupQuizzes;
  dir: string;
  /** Subscribes groups (seen first, as a real group would be). */
  subscribe(platform: Platform, chatIds: string[], tags?: string[]): void;
  dispatcher(
    senders: Partial<Record<Platform, Sender>>,
    options?: { limits?: Record<Platform, PlatformLimits>; maxInFlight?: number },
  ): Dispatcher;
  cleanup(): void;
}

/** An app on a temp data dir with the case system, a core and an injected clock. */
export async function openCaseTestbed(
  clock: Clock,
  env: Record<string, string> = {},
  admins: Partial<Record<Platform, string[]>> = { telegram: ["9"], slack: ["UADMIN"] },
  wiring: { senders?: Partial<Record<Platform, Sender>>; scheduler?: Scheduler } = {},
): Promise<CaseTestbed> {
  const dir = mkdtempSync(join(tmpdir(), "qingfeng-cases-"));
  const config = loadConfig({ QINGFENG_DATA_DIR: join(dir, "data"), ...env });
  const app = await openApp(config, { now: () => new Date(clock.now()) });
  const { handle, chats, cases, quiz, campaigns, groupQuizzes } = coreFromApp(app, {
    admins,
    log: () => {},
    now: clock.now,
    ...wiring,
  });
  return {
    app,
    handle,
    chats,
    cases,
    quiz,
    campaigns,
    groupQuizzes,
    dir,
    subscribe(platform, chatIds, tags = []) {
      for (const id of chatIds) {
        chats.seen(platform, { id, type: "group", title: `群 ${id}` });
        chats.subscribe(platform, id, tags, "test");
      }
    },
    dispatcher: (senders, options = {}) =>
      createDispatcher(cases, chats, { senders, log: () => {}, clock, campaigns, ...options }),
    cleanup() {
      app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

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
