import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openKnowledgeBase } from "../../bot/app/knowledge-base.js";
import { openTempKnowledgeBase, type TempKnowledgeBase } from "../helpers/temp-kb.js";

describe("index caches", () => {
  let t: TempKnowledgeBase;
  beforeAll(async () => {
    t = await openTempKnowledgeBase();
  });
  afterAll(() => t.cleanup());

  const cachedTokens = async () => {
    const entries: { id: number; tokens: string[] | null }[] = [];
    for await (const page of t.kb.store.eachChunkTokens()) entries.push(...page);
    return entries;
  };
  const cachedCount = async () => (await cachedTokens()).filter((e) => e.tokens !== null).length;

  it("caches every clause's tokens so a restart does not segment the corpus again", async () => {
    expect(await cachedCount()).toBe((await t.kb.store.counts()).chunks);
    const reopened = await openKnowledgeBase(t.config);
    try {
      const { hits } = await reopened.retriever.search("医保卡违规兑付现金", 1);
      expect(hits[0]?.text).toContain("医保卡违规兑付现金");
    } finally {
      reopened.close();
    }
  });

  it("re-segments everything when the dictionary changed", async () => {
    await t.kb.store.setMeta("tokens-fingerprint", "an-older-dictionary");
    await t.kb.store.saveChunkTokens(
      (await t.kb.store.chunkIds()).map((id) => ({ id, tokens: ["stale"] })),
    );
    const reopened = await openKnowledgeBase(t.config);
    try {
      expect(await reopened.store.getMeta("tokens-fingerprint")).not.toBe("an-older-dictionary");
      const cached = await cachedTokens();
      expect(cached.every((e) => e.tokens !== null && e.tokens.join() !== "stale")).toBe(true);
    } finally {
      reopened.close();
    }
  });

  it("loads BM25 from its snapshot when it holds exactly the stored chunks, else rebuilds", async () => {
    const query = t.kb.index.queryTokens("医药代表统方 回扣").weighted;
    const snapshot = join(t.config.dataDir, "vectors", "bm25.bin");
    expect(statSync(snapshot).size).toBeGreaterThan(0);
    const fromSnapshot = await openKnowledgeBase(t.config);
    const expected = fromSnapshot.index.bm25.search(query, 10);
    fromSnapshot.close();
    expect(expected.length).toBe(10);
    // A damaged snapshot is ignored: the index is rebuilt from the cached tokens, the same.
    writeFileSync(snapshot, "QFBM25 damaged");
    const rebuilt = await openKnowledgeBase(t.config);
    try {
      expect(rebuilt.index.bm25.search(query, 10)).toEqual(expected);
      expect(rebuilt.index.bm25.size).toBe((await rebuilt.store.counts()).chunks);
    } finally {
      rebuilt.close();
    }
    // …and written again for the next start.
    expect(readFileSync(snapshot).subarray(4, 40).toString()).toContain("QFBM25v1");
  });

  it("does not trust a snapshot of other chunks than the store holds", async () => {
    const snapshot = join(t.config.dataDir, "vectors", "bm25.bin");
    const old = readFileSync(snapshot);
    const extra = join(t.dir, "extra.txt");
    writeFileSync(extra, "某医院补充规定\n一、严禁医务人员参加药企组织的海钓活动。\n");
    await t.kb.ingest([extra]);
    // Another process left the snapshot from before the ingest.
    writeFileSync(snapshot, old);
    const reopened = await openKnowledgeBase(t.config);
    try {
      const { hits } = await reopened.retriever.search("海钓", 1);
      expect(hits[0]?.text).toContain("海钓活动");
    } finally {
      reopened.close();
    }
  });

  it("re-embeds missing vectors after an interrupted write", async () => {
    const ids = await t.kb.store.chunkIds();
    const victim = ids[0] ?? 0;
    t.kb.index.vectors.remove(victim);
    await t.kb.index.save();
    const reopened = await openKnowledgeBase(t.config);
    try {
      expect(reopened.index.vectors.has(victim)).toBe(true);
      expect(reopened.index.vectors.size).toBe(ids.length);
    } finally {
      reopened.close();
    }
  });
});
