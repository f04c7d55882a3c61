import { SqliteQuizBank } from "../../knowledge/store/sqlite-quiz-bank.js";
import { CampaignService } from "../features/campaigns/campaign-service.js";
import { SqliteCampaigns } from "../features/campaigns/sqlite-campaigns.js";
import { type CaseSystem, openCaseSystem } from "../features/cases/case-system.js";
import { SqliteChatStore } from "../features/groups/sqlite-chat-store.js";
import { GroupQuizzes, realScheduler, type Scheduler } from "../features/quiz/group-quiz.js";
import { QuizService } from "../features/quiz/quiz-service.js";
import { SqliteQuizPlay } from "../features/quiz/sqlite-quiz-play.js";
import type { Log } from "../kernel/deps.js";
import type { Platform } from "../kernel/events.js";
import { createHandle, type Handle } from "../kernel/handle.js";
import type { Sender } from "../kernel/sender.js";
import type { App } from "./open-app.js";

/** Builds the platform-neutral core over an opened app. */
export function coreFromApp(
  app: App,
  options: {
    admins: Partial<Record<Platform, string[]>>;
    log: Log;
    now?: () => number;
    /** Called when a notice was queued from chat (wakes this process's dispatcher). */
    onQueued?: () => void;
    /** Outbound senders: group quiz rounds post through them. */
    senders?: Partial<Record<Platform, Sender>>;
    /** Timers of group quiz rounds (tests fire them by hand). */
    scheduler?: Scheduler;
    /** Follows documents ingested by other processes (checked before each answer). */
    corpus?: { catchUp(): Promise<void> };
  },
): {
  handle: Handle;
  chats: SqliteChatStore;
  cases: CaseSystem;
  quiz: QuizService;
  groupQuizzes: GroupQuizzes;
  campaigns: CampaignService;
} {
  const now = options.now ?? Date.now;
  const chats = new SqliteChatStore(app.kb.db, () => new Date(now()), {
    deliveryRetentionMs: app.config.operations.deliveryRetentionDays * 24 * 3_600_000,
  });
  const cases = openCaseSystem(app, chats, { now, onQueued: options.onQueued });
  const quiz = new QuizService({
    bank: new SqliteQuizBank(app.kb.db, () => new Date(now())),
    play: new SqliteQuizPlay(app.kb.db),
    now,
  });
  const campaigns = new CampaignService({
    store: new SqliteCampaigns(app.kb.db, () => new Date(now())),
    quiz,
    roster: cases.roster,
    outbox: cases.outbox,
    now,
    contact: app.config.complianceContact,
    onQueued: options.onQueued,
  });
  const groupQuizzes = new GroupQuizzes({
    quiz,
    senders: options.senders ?? {},
    scheduler: options.scheduler ?? realScheduler,
    log: options.log,
    now,
    secondsPerQuestion: app.config.quizSeconds,
  });
  const handle = createHandle({
    answers: app.answers,
    records: app.records,
    store: app.kb.store,
    chats,
    roles: chats,
    deliveries: chats,
    configuredAdmins: options.admins,
    now,
    log: options.log,
    cases: cases.service,
    quiz,
    groupQuizzes,
    campaigns,
    corpus: options.corpus,
  });
  return { handle, chats, cases, quiz, groupQuizzes, campaigns };
}
