import type { Config } from "../../app/config.js";
import type { App } from "../../app/open-app.js";
import type { Log } from "../../kernel/deps.js";
import type { Platform } from "../../kernel/events.js";
import type { Sender } from "../../kernel/sender.js";
import { ConsoleSender } from "../../platforms/console/console-sender.js";
import { SlackSender } from "../../platforms/slack/slack-sender.js";
import { TelegramSender } from "../../platforms/telegram/telegram-sender.js";
import { type Clock, Dispatcher, systemClock } from "../broadcast/dispatcher.js";
import type { PlatformLimits } from "../broadcast/rate-gates.js";
import { SqliteOutbox } from "../broadcast/sqlite-outbox.js";
import type { CampaignService } from "../campaigns/campaign-service.js";
import type { SqliteChatStore } from "../groups/sqlite-chat-store.js";
import { SqliteRoster } from "../roster/sqlite-roster.js";
import { CaseService } from "./case-service.js";
import { RetrievalClauseLinker } from "./retrieval-clause-linker.js";
import { SqliteCaseStore } from "./sqlite-case-store.js";

export interface CaseSystem {
  service: CaseService;
  /** Broadcast sends in flight at once (QINGFENG_BROADCAST_CONCURRENCY). */
  concurrency: number;
  outbox: SqliteOutbox;
  roster: SqliteRoster;
  store: SqliteCaseStore;
}

/** Case notices over the app's database: stores, clause linking through retrieval, the service. */
export function openCaseSystem(
  app: App,
  chats: SqliteChatStore,
  options: { now?: () => number; onQueued?: () => void } = {},
): CaseSystem {
  const now = options.now ?? Date.now;
  const date = () => new Date(now());
  const store = new SqliteCaseStore(app.kb.db, date);
  const outbox = new SqliteOutbox(app.kb.db, date);
  const roster = new SqliteRoster(app.kb.db);
  const service = new CaseService({
    cases: store,
    outbox,
    chats,
    roster,
    linker: new RetrievalClauseLinker(app.kb.retriever, app.kb.index.conduct),
    now,
    reminderDays: app.config.cases.reminderDays,
    digest: app.config.cases.digest,
    utcOffsetMinutes: app.config.cases.utcOffsetMinutes,
    onQueued: options.onQueued,
  });
  return { service, outbox, roster, store, concurrency: app.config.cases.concurrency };
}

/** Outbound senders for every configured platform (and the terminal when it is the chat). */
export function sendersFromConfig(
  config: Config,
  consoleWrite?: (text: string) => void,
): Partial<Record<Platform, Sender>> {
  const senders: Partial<Record<Platform, Sender>> = {};
  if (config.telegram)
    senders.telegram = new TelegramSender(config.telegram.token, config.telegram.apiRoot);
  if (config.slack) senders.slack = new SlackSender(config.slack.botToken, config.slack.apiUrl);
  if (consoleWrite) senders.console = new ConsoleSender(consoleWrite);
  return senders;
}

/** The broadcast dispatcher over a case system: renders at send time, plans reminders each turn. */
export function createDispatcher(
  system: CaseSystem,
  chats: SqliteChatStore,
  options: {
    senders: Partial<Record<Platform, Sender>>;
    log: Log;
    clock?: Clock;
    limits?: Record<Platform, PlatformLimits>;
    maxInFlight?: number;
    pollMs?: number;
    /** Training campaigns share the outbox for their reminders. */
    campaigns?: CampaignService;
  },
): Dispatcher {
  let lastPlan = Number.NEGATIVE_INFINITY;
  return new Dispatcher({
    outbox: system.outbox,
    senders: options.senders,
    render: (row) => options.campaigns?.render(row) ?? system.service.render(row),
    subscriptions: chats,
    clock: options.clock ?? systemClock,
    log: options.log,
    limits: options.limits,
    maxInFlight: options.maxInFlight ?? system.concurrency,
    pollMs: options.pollMs,
    beforeStep: (now) => {
      // Reminders and digests are day-scale: planning once a minute is plenty.
      if (now - lastPlan < 60_000) return;
      lastPlan = now;
      system.service.plan(now);
      options.campaigns?.plan(now);
    },
  });
}
