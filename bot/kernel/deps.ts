import type { AnswerService } from "../../knowledge/answer/answer-service.js";
import type { AnswerRecords } from "../../knowledge/ports/answer-records.js";
import type { KnowledgeStore } from "../../knowledge/ports/knowledge-store.js";
import type { CampaignService } from "../features/campaigns/campaign-service.js";
import type { CaseService } from "../features/cases/case-service.js";
import type { GroupQuizzes } from "../features/quiz/group-quiz.js";
import type { QuizService } from "../features/quiz/quiz-service.js";
import type { Platform } from "./events.js";
import type { ChatDirectory, DeliveryLog, RoleStore } from "./ports.js";

/** A structured log line; the composition root decides where it goes. */
export type Log = (
  level: "debug" | "info" | "warn" | "error",
  msg: string,
  fields?: Record<string, unknown>,
) => void;

export interface CoreDeps {
  answers: AnswerService;
  records: AnswerRecords;
  store: KnowledgeStore;
  chats: ChatDirectory;
  roles: RoleStore;
  deliveries: DeliveryLog;
  /** Bot admins from configuration, per platform (TELEGRAM_ADMIN_IDS, SLACK_ADMIN_IDS). */
  configuredAdmins: Partial<Record<Platform, string[]>>;
  now: () => number;
  log: Log;
  /** Case notices (典型案例通报); the /case commands and notice buttons need it. */
  cases?: CaseService | undefined;
  /** Quizzes on the approved question bank; group rounds need outbound senders. */
  quiz?: QuizService | undefined;
  groupQuizzes?: GroupQuizzes | undefined;
  campaigns?: CampaignService | undefined;
  /**
   * Brings the in-memory indexes up to date with documents another process
   * ingested (`qingfeng ingest` beside a running bot); awaited before answering.
   */
  corpus?: { catchUp(): Promise<void> } | undefined;
  /** Questions per user per chat: burst size and refill per minute. */
  rateLimit?: { capacity: number; refillPerMinute: number } | undefined;
}
