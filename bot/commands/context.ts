import { OfflineAnswerer } from "../../knowledge/answer/offline-answerer.js";
import { type KnowledgeBase, openKnowledgeBase } from "../app/knowledge-base.js";
import type { Config } from "../config.js";

export interface CommandIO {
  out: (text: string) => void;
  err: (text: string) => void;
  isTTY: boolean;
}

export interface CommandContext {
  config: Config;
  io: CommandIO;
}

/** Opens the knowledge base, ingesting the shipped corpus first when the store is empty. */
export async function openReady(
  ctx: CommandContext,
): Promise<{ kb: KnowledgeBase; answerer: OfflineAnswerer }> {
  const kb = await openKnowledgeBase(ctx.config);
  const first = await kb.ensureDefaultCorpus();
  if (first) {
    ctx.io.err(
      `Ingested the shipped corpus: ${first.documents} documents, ${first.chunks} clauses.`,
    );
  }
  const answerer = new OfflineAnswerer({
    retriever: kb.retriever,
    index: kb.index,
    contact: ctx.config.complianceContact,
  });
  return { kb, answerer };
}
