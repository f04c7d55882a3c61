import { existsSync, readFileSync, realpathSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import type pg from "pg";
import type { IngestReport } from "../../ingest/ingest-paths.js";
import { ConductCatalogue } from "../../knowledge/conduct/catalogue.js";
import { ConductMatcher } from "../../knowledge/conduct/conduct-matcher.js";
import { KnowledgeIndex } from "../../knowledge/index/knowledge-index.js";
import { createSegmenter } from "../../knowledge/lexical/segmenter.js";
import { SynonymLexicon } from "../../knowledge/lexical/synonyms.js";
import type { KnowledgeStore } from "../../knowledge/ports/knowledge-store.js";
import { HybridRetriever } from "../../knowledge/retrieval/hybrid-retriever.js";
import { PostgresKnowledgeStore } from "../../knowledge/store/postgres-store.js";
import { openDatabase, SqliteKnowledgeStore } from "../../knowledge/store/sqlite-store.js";
import type { Authority, Embedder } from "../../knowledge/types.js";
import { HashEmbedder } from "../../knowledge/vector/hash-embedder.js";
import { openKnowledgePool } from "../storage/postgres-knowledge.js";
import type { Config } from "./config.js";
import { DEFAULT_CORPUS_DIR } from "./package-paths.js";

export interface KnowledgeBase {
  /**
   * The one SQLite database of this data directory: documents, answers and
   * feedback on the embedded default; with DATABASE_URL those live in
   * PostgreSQL (`pool`) and this file keeps only what is the instance's own.
   */
  db: ReturnType<typeof openDatabase>;
  /** With DATABASE_URL: the knowledge tables' pool (documents, answers, quiz bank). */
  pool?: pg.Pool | undefined;
  store: KnowledgeStore;
  index: KnowledgeIndex;
  retriever: HybridRetriever;
  embedder: Embedder;
  /** Ingests files under their own paths (shipped corpus files under "corpus/…"). */
  ingest(
    paths: string[],
    onProgress?: (done: number, total: number, file: string) => void,
    options?: { authority?: Authority | undefined },
  ): Promise<IngestReport>;
  /** Ingests the shipped corpus when the store holds no document yet. */
  ensureDefaultCorpus(): Promise<IngestReport | undefined>;
  close(): void;
}

/**
 * Builds the knowledge layer from configuration: SQLite store and vector index
 * in the data directory, synonyms and user dictionary (shipped plus the admin's
 * files in the data directory), and the embedder — offline unless a provider
 * and an embedding model are configured.
 */
export async function openKnowledgeBase(config: Config): Promise<KnowledgeBase> {
  const db = openDatabase(join(config.dataDir, "qingfeng.db"));
  // Beside the vector index: tables derived from jieba's dictionaries for the next cold start.
  const indexDir = join(config.dataDir, "vectors");
  let pool: pg.Pool | undefined;
  const close = () => {
    db.close();
    // The pool lets the process exit when idle; ending it here only hurries that.
    void pool?.end().catch(() => {});
  };
  try {
    // Every instance on one database shares the documents; the indexes stay per process.
    pool = config.databaseUrl ? await openKnowledgePool(config.databaseUrl) : undefined;
    const store: KnowledgeStore = pool
      ? new PostgresKnowledgeStore(pool)
      : new SqliteKnowledgeStore({ db });
    const synonyms = await SynonymLexicon.load({ adminPath: join(config.dataDir, "synonyms.txt") });
    const adminDict = join(config.dataDir, "user-dict.txt");
    const segmenter = createSegmenter({
      synonyms,
      cacheDir: indexDir,
      extraUserDict: existsSync(adminDict) ? readFileSync(adminDict, "utf8") : "",
    });
    const embedder = await chooseEmbedder(config, synonyms, segmenter, indexDir);
    const catalogue = await ConductCatalogue.load({
      adminPath: join(config.dataDir, "conduct.txt"),
    });
    const conduct = new ConductMatcher(catalogue);
    const index = await KnowledgeIndex.open({
      store,
      dir: indexDir,
      embedder,
      segmenter,
      synonyms,
      conduct,
    });
    const retriever = new HybridRetriever({ store, index });
    // Ingest lists files by their real paths: compare with the corpus directory's real path too.
    const corpusDirs = [DEFAULT_CORPUS_DIR, realDir(DEFAULT_CORPUS_DIR)];
    const sourceKey = (file: string) => {
      for (const dir of corpusDirs) {
        const rel = relative(dir, file);
        if (!rel.startsWith("..") && rel !== "") return `corpus/${rel}`;
      }
      return resolve(file);
    };
    const shipped = (file: string) => !relative(DEFAULT_CORPUS_DIR, file).startsWith("..");
    // The ingest pipeline (and its document parsers) loads on the first ingest: an ask never needs it.
    const ingest = async (
      paths: string[],
      onProgress?: (d: number, t: number, f: string) => void,
      options: { authority?: Authority | undefined } = {},
    ) =>
      (await import("../../ingest/ingest-paths.js")).ingestPaths(paths, {
        store,
        index,
        sourceKey,
        onProgress,
        authority: (file) => (shipped(file) ? "official" : options.authority),
      });
    return {
      db,
      pool,
      store,
      index,
      retriever,
      embedder,
      ingest,
      async ensureDefaultCorpus() {
        if ((await store.counts()).documents > 0) return undefined;
        return ingest([DEFAULT_CORPUS_DIR]);
      },
      close,
    };
  } catch (error) {
    close();
    throw error;
  }
}

async function chooseEmbedder(
  config: Config,
  synonyms: SynonymLexicon,
  segmenter: ReturnType<typeof createSegmenter>,
  cacheDir: string,
): Promise<Embedder> {
  const model = config.openai?.embeddingModel;
  if (config.openai && model) {
    const { OpenAIEmbedder } = await import("../../knowledge/vector/openai-embedder.js");
    const embedder = new OpenAIEmbedder({
      apiKey: config.openai.apiKey,
      baseURL: config.openai.baseURL,
      model,
      timeoutMs: Math.max(config.openai.timeoutMs, 30_000),
    });
    await embedder.probeDimensions();
    return embedder;
  }
  return new HashEmbedder({ synonyms, segmenter, cacheDir });
}

function realDir(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return dir;
  }
}
