import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Config, loadConfig } from "../../bot/app/config.js";
import { type KnowledgeBase, openKnowledgeBase } from "../../bot/app/knowledge-base.js";
import { OfflineAnswerer } from "../../knowledge/answer/offline-answerer.js";

export interface TempKnowledgeBase {
  kb: KnowledgeBase;
  config: Config;
  dir: string;
  cleanup: () => void;
}

/** A knowledge base on a fresh temp data dir, offline, with the shipped corpus ingested. */
export async function openTempKnowledgeBase(
  env: Record<string, string> = {},
  options: { corpus?: boolean } = {},
): Promise<TempKnowledgeBase> {
  const dir = mkdtempSync(join(tmpdir(), "qingfeng-test-"));
  const config = loadConfig({ QINGFENG_DATA_DIR: join(dir, "data"), ...env });
  const kb = await openKnowledgeBase(config);
  if (options.corpus !== false) await kb.ensureDefaultCorpus();
  return {
    kb,
    config,
    dir,
    cleanup: () => {
      kb.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The offline answerer over a temp knowledge base, as the bot builds it. */
export function offlineAnswererOver(t: TempKnowledgeBase, contact = "纪检监察室"): OfflineAnswerer {
  return new OfflineAnswerer({ retriever: t.kb.retriever, index: t.kb.index, contact });
}
