import type { AnswerService } from "../../knowledge/answer/answer-service.js";
import type { ConductMatcher } from "../../knowledge/conduct/conduct-matcher.js";
import type { AnswerRecords } from "../../knowledge/ports/answer-records.js";
import type { KnowledgeStore } from "../../knowledge/ports/knowledge-store.js";
import type { HybridRetriever } from "../../knowledge/retrieval/hybrid-retriever.js";
import type { HandlerContext } from "./context.js";
import type { MessageEvent, Platform } from "./events.js";
import type { Lang } from "./i18n.js";
import type { Log } from "./log.js";
import type { PlatformLimits } from "./platform.js";
import type { Scheduler } from "./scheduler.js";
import type { Sender } from "./sender.js";
import type { Services } from "./services.js";
import type { Settings } from "./settings.js";
import type { Migration, Storage } from "./storage.js";

export type Access = "anyone" | "chat-admin" | "bot-admin";

export interface CommandSpec {
  access: Access;
  /** Other names: Chinese labels, English synonyms. */
  aliases?: string[];
  run(ctx: HandlerContext, args: string): Promise<void>;
}

/** Buttons whose data starts with `prefix` (e.g. "case:"); data are ids, never payloads. */
export interface ActionSpec {
  prefix: string;
  run(ctx: HandlerContext, data: string): Promise<void>;
}

/** What a feature adds to the chat. Every part is optional. */
export interface ChatFeature {
  commands?: Record<string, CommandSpec>;
  actions?: ActionSpec[];
  /**
   * Sees every message that is not a command before anything else; true when
   * it took the message (the answer to a guided flow's question, a 👎 reason).
   */
  intercept?(ctx: HandlerContext, event: MessageEvent): Promise<boolean>;
  /** Addressed text that is no command: at most one feature (ask) takes it. */
  text?(ctx: HandlerContext, text: string): Promise<void>;
  /** Its lines of /help. */
  help?: Record<Lang, string>;
  /** Background work (the broadcast dispatcher): started and stopped with the bot. */
  start?(): void;
  stop?(): Promise<void>;
  /** Gives up work still in flight after the shutdown deadline (it is resumed at the next start). */
  abandon?(): Promise<void>;
}

/** The knowledge layer as features use it. */
export interface KnowledgeAccess {
  answers: AnswerService;
  records: AnswerRecords;
  store: KnowledgeStore;
  retriever: HybridRetriever;
  conduct: ConductMatcher;
  /** Brings the in-memory indexes up to date with documents another process ingested. */
  corpus?: { catchUp(): Promise<void> } | undefined;
}

/** The platforms a bot runs with, as features see them. */
export interface PlatformDirectory {
  /** Every registered platform and its send limits (configured or not). */
  limits: ReadonlyMap<Platform, PlatformLimits>;
  /** Outbound senders of the configured platforms. */
  senders: ReadonlyMap<Platform, Sender>;
  /** Platforms whose one chat is the terminal (it may do what a group does). */
  local: ReadonlySet<Platform>;
}

export interface FeatureEnv {
  settings: Settings;
  knowledge: KnowledgeAccess;
  storage: Storage;
  services: Services;
  platforms: PlatformDirectory;
  now: () => number;
  log: Log;
  scheduler: Scheduler;
}

/**
 * A feature: one folder under bot/features, one descriptor in its index.ts,
 * one line in bot/app/features.ts. `open` builds its stores and services,
 * provides what others may use, and returns what it adds to the chat.
 */
export interface FeatureDescriptor {
  name: string;
  /** Its tables, by storage backend ("sqlite": SQL), applied before any feature opens. */
  migrations?: Readonly<Record<string, readonly Migration[]>>;
  open(env: FeatureEnv): ChatFeature | Promise<ChatFeature>;
}
