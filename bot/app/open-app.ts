import { randomBytes } from "node:crypto";
import { type Answerer, AnswerService } from "../../knowledge/answer/answer-service.js";
import { OfflineAnswerer } from "../../knowledge/answer/offline-answerer.js";
import type { AnswerRecords } from "../../knowledge/ports/answer-records.js";
import { PostgresAnswerRecords } from "../../knowledge/store/postgres-answer-records.js";
import { SqliteAnswerRecords } from "../../knowledge/store/sqlite-answer-records.js";
import type { Log } from "../kernel/log.js";
import type { Config } from "./config.js";
import { type KnowledgeBase, openKnowledgeBase } from "./knowledge-base.js";

export interface App {
  config: Config;
  kb: KnowledgeBase;
  answers: AnswerService;
  /** The answerer behind the service (eval measures it without curated answers). */
  answerer: Answerer;
  records: AnswerRecords;
  /** Set when the shipped corpus was ingested by this start. */
  firstIngest?: { documents: number; chunks: number } | undefined;
  close(): void;
}

export interface AppOptions {
  now?: () => Date;
  /** Where the LLM answerer reports fallbacks. */
  log?: Log;
  /** Overrides the answerer (tests; the LLM answerer when configured). */
  answerer?: (kb: KnowledgeBase, offline: OfflineAnswerer) => Answerer;
}

/**
 * The composition root of everything but the chat transports: knowledge base
 * (shipped corpus ingested on first start), answerer, answer records.
 */
export async function openApp(config: Config, options: AppOptions = {}): Promise<App> {
  const kb = await openKnowledgeBase(config);
  try {
    const first = await kb.ensureDefaultCorpus();
    const offline = new OfflineAnswerer({
      retriever: kb.retriever,
      index: kb.index,
      contact: config.complianceContact,
    });
    const records = kb.pool
      ? new PostgresAnswerRecords(kb.pool, options.now)
      : new SqliteAnswerRecords(kb.db, options.now);
    let salt = await kb.store.getMeta("rater-salt");
    if (!salt) {
      salt = randomBytes(16).toString("hex");
      await kb.store.setMeta("rater-salt", salt);
    }
    const answerer = options.answerer
      ? options.answerer(kb, offline)
      : await defaultAnswerer(config, kb, offline, options.log);
    const answers = new AnswerService({
      answerer,
      records,
      store: kb.store,
      storeIdentity: config.storeIdentity,
      salt,
    });
    return {
      config,
      kb,
      answers,
      answerer,
      records,
      firstIngest: first ? { documents: first.documents, chunks: first.chunks } : undefined,
      close: () => kb.close(),
    };
  } catch (error) {
    kb.close();
    throw error;
  }
}

/**
 * With a chat model configured, answers are written by the model from the
 * retrieved clauses and validated, falling back to the offline answer.
 */
async function defaultAnswerer(
  config: Config,
  kb: KnowledgeBase,
  offline: OfflineAnswerer,
  log?: Log,
): Promise<Answerer> {
  const provider = config.openai;
  if (!provider?.chatModel) return offline;
  // The OpenAI SDK is ~150 modules: loaded only when a chat model is configured.
  const [{ LlmAnswerer }, { LlmQuestionMapper }, { OpenAIChatModel }] = await Promise.all([
    import("../../knowledge/answer/llm-answerer.js"),
    import("../../knowledge/answer/llm-question-mapper.js"),
    import("../../knowledge/providers/openai-chat-model.js"),
  ]);
  const chat = new OpenAIChatModel({
    apiKey: provider.apiKey,
    baseURL: provider.baseURL,
    model: provider.chatModel,
  });
  return new LlmAnswerer({
    offline,
    retriever: kb.retriever,
    chat,
    mapper: new LlmQuestionMapper(chat, kb.index.conduct.catalogue),
    timeoutMs: provider.timeoutMs,
    contact: config.complianceContact,
    log,
  });
}
