import { join } from "node:path";
import { looksLikeForm } from "../../lib/text/form-text.js";
import { tagClause } from "../conduct/clause-kinds.js";
import type { ConductMatcher } from "../conduct/conduct-matcher.js";
import { KindIndex } from "../conduct/kind-index.js";
import {
  type TrustWarning,
  trustWarningCandidates,
  trustWarnings,
} from "../conduct/trust-check.js";
import { Bm25Index } from "../lexical/bm25.js";
import { digestIds, readBm25Snapshot, writeBm25Snapshot } from "../lexical/bm25-snapshot.js";
import type { Segmenter } from "../lexical/segmenter.js";
import type { SynonymLexicon } from "../lexical/synonyms.js";
import type { WeightedToken } from "../lexical/weighted-token.js";
import { allChunks, type ChunkChanges, type KnowledgeStore } from "../ports/knowledge-store.js";
import type { Embedder, StoredChunk } from "../types.js";
import { VectorIndex } from "../vector/hnsw-index.js";

export interface KnowledgeIndexDeps {
  store: KnowledgeStore;
  /** Directory for the vector index files (beside the database). */
  dir: string;
  embedder: Embedder;
  segmenter: Segmenter;
  synonyms: SynonymLexicon;
  /** Tags clauses with the kinds of conduct they rule on. */
  conduct: ConductMatcher;
}

/**
 * Keeps the lexical (BM25) and dense (HNSW) indexes in step with the store.
 * BM25 is rebuilt in memory at open; vectors persist on disk and are
 * reconciled with the store's chunk ids, so an interrupted ingest heals itself.
 */
export class KnowledgeIndex {
  readonly bm25: Bm25Index;
  /** Which clauses rule on which kinds of conduct. */
  readonly kinds: KindIndex;
  private readonly tokenSets = new Map<string, Set<string>>();
  private constructor(
    private readonly deps: KnowledgeIndexDeps,
    readonly vectors: VectorIndex,
  ) {
    this.bm25 = new Bm25Index();
    this.kinds = new KindIndex(deps.conduct.catalogue);
  }

  /** The matcher that maps texts to kinds of conduct (also for questions). */
  get conduct(): ConductMatcher {
    return this.deps.conduct;
  }

  /**
   * Clauses of uploaded (non-official) documents that must not decide answers:
   * text addressed to an assistant, permissions of conduct official rules forbid.
   * `chunkIds` limits the check (an ingest checks what it added); all by default.
   */
  async trustWarnings(chunkIds?: number[]): Promise<TrustWarning[]> {
    const { store, conduct } = this.deps;
    const chunks = chunkIds ? await store.getChunks(chunkIds) : await allChunks(store);
    const official = await this.officialChunks(
      trustWarningCandidates(chunks, this.kinds, conduct.catalogue),
    );
    return trustWarnings(chunks, this.kinds, conduct.catalogue, (id) => official.has(id));
  }

  /** Which of these chunks an official document carries, read in pages. */
  private async officialChunks(ids: number[]): Promise<Set<number>> {
    const official = new Set<number>();
    for (let i = 0; i < ids.length; i += 500) {
      for (const c of await this.deps.store.getChunks(ids.slice(i, i + 500))) {
        if (c.occurrences.some((o) => o.authority === "official")) official.add(c.id);
      }
    }
    return official;
  }

  /** Kinds of conduct a chunk rules on, from its own words and heading (a blank form rules on none). */
  chunkKinds(chunk: StoredChunk) {
    if (looksLikeForm(chunk.text)) return [];
    return tagClause(chunk.text, searchSection(chunk), this.deps.conduct);
  }

  static async open(deps: KnowledgeIndexDeps): Promise<KnowledgeIndex> {
    const reading = VectorIndex.open({
      dir: deps.dir,
      embedderId: deps.embedder.id,
      dimensions: deps.embedder.dimensions,
    });
    // hnswlib reads the file on a worker thread; the dictionaries load on this one meanwhile.
    deps.segmenter.warm();
    deps.embedder.warm?.();
    const vectors = await reading;
    const index = new KnowledgeIndex(deps, vectors);
    await index.reconcile();
    return index;
  }

  /** Tokens a chunk is indexed under: its text and the headings it sits under. */
  chunkTokens(chunk: StoredChunk): string[] {
    return this.deps.segmenter.tokenize(`${searchSection(chunk)}\n${chunk.text}`);
  }

  queryTokens(query: string): { tokens: string[]; weighted: WeightedToken[] } {
    const tokens = this.deps.segmenter.tokenize(query);
    return { tokens, weighted: this.deps.synonyms.expand(tokens) };
  }

  /** Inverse document frequency of a word; words the corpus never uses weigh most. */
  idf(token: string): number {
    const n = Math.max(1, this.bm25.size);
    const df = this.bm25.documentFrequency(token);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /**
   * Share of the question's words (idf-weighted; a synonym counts) found in
   * `text`, 0–1. Question words that name no topic are ignored.
   */
  overlap(questionTokens: string[], text: string): number {
    const concepts = this.concepts(questionTokens);
    if (concepts.length === 0) return 0;
    const textTokens = this.tokenSet(text);
    let total = 0;
    let found = 0;
    for (const { tokens, weight } of concepts) {
      total += weight;
      const present = tokens.some(
        (t) => textTokens.has(t) || this.synonymsOf(t).some((s) => textTokens.has(s)),
      );
      if (present) found += weight;
    }
    return total === 0 ? 0 : found / total;
  }

  /** The words of a text as a set; clause texts recur in every answer, so recent ones are kept. */
  private tokenSet(text: string): Set<string> {
    const cached = this.tokenSets.get(text);
    if (cached) return cached;
    const set = new Set(this.deps.segmenter.tokenize(text));
    if (this.tokenSets.size >= TOKEN_SET_CACHE) {
      const oldest = this.tokenSets.keys().next().value;
      if (oldest !== undefined) this.tokenSets.delete(oldest);
    }
    this.tokenSets.set(text, set);
    return set;
  }

  /**
   * The ideas a question names, each counted once with one weight. Search-mode
   * segmentation yields overlapping pieces (病人家属 → 病人, 人家, 家属): pieces
   * of one word are one idea. Synonyms are one idea ("pharma", "companies" →
   * 医药企业). A modal glued to a verb (能收) is the verb. An unknown single
   * character (塞, 里) says little; an unknown word (停车场, WiFi) says the
   * question is about something the documents do not cover.
   */
  private concepts(questionTokens: string[]): { tokens: string[]; weight: number }[] {
    const words = [...new Set(questionTokens)]
      .filter((t) => !QUESTION_WORDS.has(t))
      .map((t) => this.unglueModal(t))
      .filter((t) => t !== "" && !QUESTION_WORDS.has(t))
      .sort((x, y) => y.length - x.length);
    const groups: string[][] = [];
    for (const word of words) {
      const canonical = this.deps.synonyms.canonical(word);
      const group = groups.find(
        (g) => g[0]?.includes(word) || g.some((m) => this.deps.synonyms.canonical(m) === canonical),
      );
      if (group) group.push(word);
      else groups.push([word]);
    }
    return groups.map((tokens) => {
      const known = tokens.some(
        (t) =>
          this.bm25.documentFrequency(t) > 0 ||
          this.synonymsOf(t).some((s) => this.bm25.documentFrequency(s) > 0),
      );
      const weight = Math.max(...tokens.map((t) => this.conceptIdf(t)));
      const longest = tokens[0] ?? "";
      return { tokens, weight: !known && longest.length === 1 ? weight * 0.25 : weight };
    });
  }

  /** "能收" → "收": a modal glued to a word the corpus knows. */
  private unglueModal(token: string): string {
    if (token.length < 2 || this.bm25.documentFrequency(token) > 0) return token;
    const rest = token.replace(/^[能可会要该敢想]/, "");
    if (
      rest !== token &&
      (this.bm25.documentFrequency(rest) > 0 || this.synonymsOf(rest).length > 0)
    )
      return rest;
    return token;
  }

  /**
   * A word the documents never use but whose synonyms they do (an English
   * "kickbacks", a colloquial 好处费) weighs what its document wording weighs.
   */
  private conceptIdf(token: string): number {
    if (this.bm25.documentFrequency(token) > 0) return this.idf(token);
    const known = this.synonymsOf(token).filter((s) => this.bm25.documentFrequency(s) > 0);
    return known.length > 0 ? Math.max(...known.map((s) => this.idf(s))) : this.idf(token);
  }

  synonymsOf(token: string): string[] {
    return this.deps.synonyms.synonymsOf(token);
  }

  async embedQuery(query: string): Promise<number[]> {
    return this.deps.embedder.embedQuery(query);
  }

  /** Follows a store write: drops removed chunks, indexes added ones. */
  async apply(changes: ChunkChanges): Promise<void> {
    for (const id of changes.removed) {
      this.bm25.remove(id);
      this.kinds.remove(id);
      this.vectors.remove(id);
    }
    await this.addChunks(await this.deps.store.getChunks(changes.added));
  }

  async save(): Promise<void> {
    await this.vectors.save();
    this.saveBm25Snapshot();
  }

  private get snapshotFile(): string {
    return join(this.deps.dir, "bm25.bin");
  }

  /** Writes the BM25 snapshot a cold start loads instead of re-reading every token list. */
  private saveBm25Snapshot(): void {
    try {
      writeBm25Snapshot(this.snapshotFile, {
        ...this.bm25.export(),
        fingerprint: this.deps.segmenter.fingerprint,
        ids: digestIds(this.bm25.ids()),
      });
    } catch {
      // Only a cache: without it the next start reads the cached tokens instead.
    }
  }

  private async reconcile(): Promise<void> {
    const { store, segmenter } = this.deps;
    // Cached tokens are only valid for the dictionary they were cut with.
    const tokensValid = (await store.getMeta("tokens-fingerprint")) === segmenter.fingerprint;
    if (!tokensValid) {
      await store.clearChunkTokens();
      await store.setMeta("tokens-fingerprint", segmenter.fingerprint);
    }
    const storeIds = await store.chunkIds();
    const live = new Set<number>(storeIds);
    const snapshot = tokensValid ? readBm25Snapshot(this.snapshotFile) : undefined;
    // The snapshot holds exactly the stored chunks, cut by this dictionary: use it as it is.
    if (snapshot?.fingerprint === segmenter.fingerprint && snapshot.ids === digestIds(storeIds)) {
      this.bm25.import(snapshot);
    } else {
      await this.rebuildBm25();
      this.saveBm25Snapshot();
    }
    await this.reconcileKinds();
    const missing = [...live].filter((id) => !this.vectors.has(id));
    let vectorsChanged = missing.length > 0;
    for (let i = 0; i < missing.length; i += 500) {
      await this.embed(await store.getChunks(missing.slice(i, i + 500)));
    }
    for (const id of this.vectors.ids()) {
      if (!live.has(id)) {
        this.vectors.remove(id);
        vectorsChanged = true;
      }
    }
    if (vectorsChanged || this.vectors.needsRebuild) await this.vectors.save();
  }

  /** BM25 from the tokens cached per chunk; chunks without cut now. */
  private async rebuildBm25(): Promise<void> {
    const { store } = this.deps;
    const uncached: number[] = [];
    for await (const page of store.eachChunkTokens()) {
      for (const { id, tokens } of page) {
        if (tokens) this.bm25.add(id, tokens);
        else uncached.push(id);
      }
    }
    for (let i = 0; i < uncached.length; i += 500) {
      const chunks = await store.getChunks(uncached.slice(i, i + 500));
      const entries = chunks.map((chunk) => ({ id: chunk.id, tokens: this.chunkTokens(chunk) }));
      for (const e of entries) this.bm25.add(e.id, e.tokens);
      await store.saveChunkTokens(entries);
    }
  }

  /** Loads cached clause kinds; tags the chunks without (or all, when the catalogue changed). */
  private async reconcileKinds(): Promise<void> {
    const { store, conduct } = this.deps;
    if ((await store.getMeta("kinds-fingerprint")) !== conduct.catalogue.fingerprint) {
      await store.clearChunkKinds();
      await store.setMeta("kinds-fingerprint", conduct.catalogue.fingerprint);
    }
    const untagged: number[] = [];
    for await (const page of store.eachChunkKinds()) {
      for (const { id, kinds } of page) {
        if (kinds) this.kinds.add(id, kinds);
        else untagged.push(id);
      }
    }
    for (let i = 0; i < untagged.length; i += 500) {
      await this.tagChunks(await store.getChunks(untagged.slice(i, i + 500)));
    }
  }

  private async tagChunks(chunks: StoredChunk[]): Promise<void> {
    const entries = chunks.map((chunk) => ({ id: chunk.id, kinds: this.chunkKinds(chunk) }));
    for (const e of entries) this.kinds.add(e.id, e.kinds);
    await this.deps.store.saveChunkKinds(entries);
  }

  private async addChunks(chunks: StoredChunk[]): Promise<void> {
    const entries = chunks.map((chunk) => ({ id: chunk.id, tokens: this.chunkTokens(chunk) }));
    for (const e of entries) this.bm25.add(e.id, e.tokens);
    await this.deps.store.saveChunkTokens(entries);
    await this.tagChunks(chunks);
    await this.embed(chunks);
  }

  /**
   * Adds chunks' vectors to the index in the order given (the order builds
   * the graph). Vectors the store keeps for this embedder (another instance
   * embedded them) are read, not computed; new ones are kept for the others.
   */
  private async embed(chunks: StoredChunk[]): Promise<void> {
    if (chunks.length === 0) return;
    const { embedder, store } = this.deps;
    const stored = store.vectors
      ? await store.vectors.get(
          embedder.id,
          chunks.map((c) => c.id),
        )
      : new Map<number, number[]>();
    const missing = chunks.filter((c) => !stored.has(c.id));
    if (missing.length > 0) {
      const computed = await embedder.embedDocuments(missing.map(embeddingText));
      const entries = missing.flatMap((chunk, i) => {
        const vector = computed[i];
        return vector ? [{ id: chunk.id, vector }] : [];
      });
      for (const e of entries) stored.set(e.id, e.vector);
      await store.vectors?.save(embedder.id, entries);
    }
    for (const chunk of chunks) {
      const vector = stored.get(chunk.id);
      if (vector) this.vectors.add(chunk.id, vector);
    }
  }

  /**
   * Catches up with corpus writes made by another process (an ingest beside
   * a running bot): drops the chunks the store no longer holds and indexes
   * the ones it gained, in memory. Chunk ids are content hashes' rows, so an
   * id seen here means the same text as in the store.
   */
  async refresh(): Promise<ChunkChanges> {
    const live = new Set(await this.deps.store.chunkIds());
    const removed = this.vectors.ids().filter((id) => !live.has(id));
    const added = [...live].filter((id) => !this.bm25.has(id) || !this.vectors.has(id));
    const changes = { added, removed, duplicates: 0 };
    await this.apply(changes);
    return changes;
  }
}

/** Texts whose word sets are kept (clauses and sentences of recent answers). */
const TOKEN_SET_CACHE = 4096;

/** Words that shape a question but say nothing about its topic. */
export const QUESTION_WORDS = new Set(
  "可以 能否 能不能 能 可不可以 是否 吗 呢 吧 么 什么 怎么 怎样 怎么办 如何 哪些 哪个 哪里 为什么 多少 几 会 要 需要 应该 应当 有 没有 属于 问题 情况 要求 规定 处理 这 那 这种 这个 那个 一下 请问 我 我们 你 他 她 医院 医生 医务人员 医疗机构 工作人员 文件 内容 不 不能 不能不 不行 行不行 行吗 好吗 可以吗 能吗 不可以 算 算不算 是不是 有没有 会不会 该不该 要不要 顺便 一起 直接 随便 这样 那样 比如 例如 平时 经常 一般 偶尔 私下 有人 别人 他们 科里 同事 里 上 下 去 请 给 让 用 被 把 对 在 去 来 做 说 个 一 些 都 也 还 就 又 很 啊 的话 时候 现在 今天 意思 啥意思 什么意思 含义 意味着 是指 指的是 定义 概念 can may should what how is are the a an do does i me us we you my our from of to for in on at by with or and it this that be allowed ok okay permitted doctor doctors nurse nurses staff hospital hospitals physician physicians".split(
    " ",
  ),
);

/** What a chunk is embedded as: its headings give a bare clause its topic. */
function embeddingText(chunk: StoredChunk): string {
  const section = searchSection(chunk);
  return section ? `${section}\n${chunk.text}` : chunk.text;
}

/**
 * The headings a chunk is indexed and tagged under: the section as search
 * sees it (items without a heading with their opening words), else the shown one.
 */
function searchSection(chunk: StoredChunk): string {
  const o = chunk.occurrences[0];
  return o?.searchSection ?? o?.section ?? "";
}
