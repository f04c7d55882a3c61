import { afterEach, beforeEach, expect, it } from "vitest";
import type { KnowledgeStore } from "../../knowledge/ports/knowledge-store.js";
import type { Authority, ChunkDraft, DocumentDraft } from "../../knowledge/types.js";

export interface KnowledgeStoreFixture {
  store: KnowledgeStore;
  close(): Promise<void> | void;
}

export type OpenKnowledgeStore = () => Promise<KnowledgeStoreFixture> | KnowledgeStoreFixture;

const clause = (text: string, path: string[] = ["一、总则"], over: Partial<ChunkDraft> = {}) =>
  ({ text, path, kind: "clause", quality: 0.95, ...over }) satisfies ChunkDraft;

const doc = (
  title: string,
  chunks: ChunkDraft[],
  over: { year?: number; authority?: Authority; kind?: DocumentDraft["meta"]["kind"] } = {},
): DocumentDraft => ({
  meta: { title, kind: over.kind ?? "policy", year: over.year, authority: over.authority },
  chunks,
});

const source = (path: string, hash = `h-${path}`) => ({ path, hash, format: "txt" });

const KICKBACK = "医务人员不得收受医药企业给予的回扣。";
const GIFT = "医务人员不得收受患者及其亲友的礼品、礼金。";
const MEAL = "不得参加医药企业安排的宴请。";

/** The document store as every backend must keep it (SQLite, PostgreSQL). */
export function knowledgeStoreContract(open: OpenKnowledgeStore): void {
  let fixture: KnowledgeStoreFixture;
  let store: KnowledgeStore;
  beforeEach(async () => {
    fixture = await open();
    store = fixture.store;
  });
  afterEach(async () => {
    await fixture.close();
  });

  it("stores a source's documents and clauses, reading them back with where they stand", async () => {
    const changes = await store.replaceSource(source("a.txt"), [
      doc(
        "九项准则",
        [clause(KICKBACK, ["二、准则", "（一）"], { label: "（一）" }), clause(GIFT)],
        {
          year: 2021,
          authority: "official",
        },
      ),
    ]);
    expect(changes).toEqual({ added: [1, 2], removed: [], duplicates: 0 });
    expect(await store.chunkIds()).toEqual([1, 2]);
    const [kickback] = await store.getChunks([1]);
    expect(kickback).toMatchObject({ id: 1, text: KICKBACK, kind: "clause", quality: 0.95 });
    expect(kickback?.occurrences).toEqual([
      expect.objectContaining({
        title: "九项准则",
        year: 2021,
        authority: "official",
        source: "a.txt",
        section: "二、准则 > （一）",
        label: "（一）",
        kind: "policy",
      }),
    ]);
    expect(await store.getSource("a.txt")).toMatchObject({ path: "a.txt", hash: "h-a.txt" });
    expect(await store.getSource("b.txt")).toBeUndefined();
    expect(await store.counts()).toEqual({ sources: 1, documents: 1, chunks: 2, occurrences: 2 });
  });

  it("stores a clause shared by two sources once, official and newest first, and keeps it while one carries it", async () => {
    await store.replaceSource(source("news.txt"), [
      doc("新闻转载", [clause(KICKBACK)], { kind: "news", year: 2024, authority: "unknown" }),
    ]);
    await store.replaceSource(source("old.txt"), [
      doc("旧版", [clause(KICKBACK)], { year: 2019, authority: "official" }),
    ]);
    const second = await store.replaceSource(source("new.txt"), [
      doc("新版", [clause(`${KICKBACK}\n`), clause(MEAL)], { year: 2023, authority: "official" }),
    ]);
    // Punctuation and spacing aside, the same text is the same clause.
    expect(second.duplicates).toBe(1);
    expect(second.added).toHaveLength(1);
    const [shared] = await store.getChunks([1]);
    expect(shared?.occurrences.map((o) => o.title)).toEqual(["新版", "旧版", "新闻转载"]);

    const removed = await store.removeSource("new.txt");
    expect(removed.removed).toEqual(second.added);
    expect((await store.getChunks([1]))[0]?.occurrences.map((o) => o.title)).toEqual([
      "旧版",
      "新闻转载",
    ]);
    expect(await store.removeSource("missing.txt")).toEqual({
      added: [],
      removed: [],
      duplicates: 0,
    });
  });

  it("replaces a source atomically, reporting the clauses it dropped and gained", async () => {
    await store.replaceSource(source("a.txt", "v1"), [
      doc("规定", [clause(KICKBACK), clause(GIFT)]),
    ]);
    const changes = await store.replaceSource(source("a.txt", "v2"), [
      doc("规定", [clause(KICKBACK), clause(MEAL)]),
    ]);
    expect(changes).toEqual({ added: [3], removed: [2], duplicates: 0 });
    expect(await store.getSource("a.txt")).toMatchObject({ hash: "v2" });
    expect(await store.counts()).toMatchObject({ sources: 1, documents: 1, chunks: 2 });
  });

  it("leaves nothing of a write that fails half-way, and no new corpus version", async () => {
    await store.replaceSource(source("a.txt"), [doc("规定", [clause(KICKBACK)])]);
    const version = await store.corpusVersion();
    const bad = doc("坏文件", [clause(GIFT)], { authority: "bogus" as Authority });
    await expect(
      store.replaceSource(source("b.txt"), [doc("好", [clause(MEAL)]), bad]),
    ).rejects.toThrow();
    expect(await store.corpusVersion()).toBe(version);
    expect(await store.getSource("b.txt")).toBeUndefined();
    expect(await store.counts()).toEqual({ sources: 1, documents: 1, chunks: 1, occurrences: 1 });
  });

  it("moves the corpus version with every write that changes the corpus, and only then", async () => {
    expect(await store.corpusVersion()).toBeUndefined();
    await store.replaceSource(source("a.txt"), [doc("规定", [clause(KICKBACK)])]);
    const first = await store.corpusVersion();
    expect(first).toBeDefined();
    await store.removeSource("nothing-here.txt");
    expect(await store.corpusVersion()).toBe(first);
    await store.removeSource("a.txt");
    const second = await store.corpusVersion();
    expect(second).not.toBe(first);
    await store.setMeta("tokens-fingerprint", "x");
    expect(await store.corpusVersion()).toBe(second);
  });

  it("lists documents by source path in byte order, then part, with clause counts", async () => {
    for (const path of ["中文.txt", "b.txt", "B.txt"]) {
      await store.replaceSource(source(path), [
        doc(`${path} 上`, [clause(`${path}${KICKBACK}`)]),
        doc(`${path} 下`, [clause(`${path}${GIFT}`), clause(`${path}${MEAL}`)]),
      ]);
    }
    const docs = await store.listDocuments();
    expect(docs.map((d) => [d.source, d.part, d.chunkCount])).toEqual([
      ["B.txt", 0, 1],
      ["B.txt", 1, 2],
      ["b.txt", 0, 1],
      ["b.txt", 1, 2],
      ["中文.txt", 0, 1],
      ["中文.txt", 1, 2],
    ]);
    expect((await store.listSources()).map((s) => s.path)).toEqual(["B.txt", "b.txt", "中文.txt"]);
  });

  it("returns chunks in the order asked, skipping unknown ids, and pages through all of them", async () => {
    const texts = Array.from({ length: 7 }, (_, i) => `第${i}条 不得收受第${i}种好处。`);
    await store.replaceSource(source("a.txt"), [
      doc(
        "规定",
        texts.map((t) => clause(t)),
      ),
    ]);
    expect((await store.getChunks([3, 99, 1, 3])).map((c) => c.id)).toEqual([3, 1, 3]);
    expect(await store.getChunks([])).toEqual([]);
    const pages: number[][] = [];
    for await (const page of store.eachChunk(3)) pages.push(page.map((c) => c.id));
    expect(pages).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
  });

  it("keeps and forgets the token and kind caches of chunks", async () => {
    await store.replaceSource(source("a.txt"), [doc("规定", [clause(KICKBACK), clause(GIFT)])]);
    const tokens = async () => {
      const out: { id: number; tokens: string[] | null }[] = [];
      for await (const page of store.eachChunkTokens(1)) out.push(...page);
      return out;
    };
    const kinds = async () => {
      const out: { id: number; kinds: unknown }[] = [];
      for await (const page of store.eachChunkKinds(1)) out.push(...page);
      return out;
    };
    expect(await tokens()).toEqual([
      { id: 1, tokens: null },
      { id: 2, tokens: null },
    ]);
    await store.saveChunkTokens([{ id: 2, tokens: ["患者", "礼金"] }]);
    await store.saveChunkKinds([
      { id: 1, kinds: [{ kind: "kickback", strength: 1, ruling: "prohibits" }] },
    ]);
    expect(await tokens()).toEqual([
      { id: 1, tokens: null },
      { id: 2, tokens: ["患者", "礼金"] },
    ]);
    expect(await kinds()).toEqual([
      { id: 1, kinds: [{ kind: "kickback", strength: 1, ruling: "prohibits" }] },
      { id: 2, kinds: null },
    ]);
    await store.clearChunkTokens();
    await store.clearChunkKinds();
    expect((await tokens()).every((t) => t.tokens === null)).toBe(true);
    expect((await kinds()).every((k) => k.kinds === null)).toBe(true);
  });

  it("keeps meta values and tells the newest official policy year", async () => {
    expect(await store.getMeta("rater-salt")).toBeUndefined();
    await store.setMeta("rater-salt", "s1");
    await store.setMeta("rater-salt", "s2");
    expect(await store.getMeta("rater-salt")).toBe("s2");
    expect(await store.newestYear()).toBeUndefined();
    await store.replaceSource(source("a.txt"), [
      doc("正式", [clause(KICKBACK)], { year: 2021, authority: "official" }),
      doc("院内", [clause(GIFT)], { year: 2025, authority: "local" }),
      doc("新闻", [clause(MEAL)], { year: 2026, authority: "official", kind: "news" }),
    ]);
    expect(await store.newestYear()).toBe(2021);
  });

  it("scores clauses that arrive without a quality and marks a document of damaged text as a scan", async () => {
    await store.replaceSource(source("a.txt"), [
      doc("规定", [clause(KICKBACK, ["一、总则"], { quality: undefined })]),
    ]);
    const [chunk] = await store.getChunks([1]);
    expect(chunk?.quality).toBeGreaterThan(0.5);
    expect((await store.listDocuments())[0]?.scan).toBe(false);
  });
}
