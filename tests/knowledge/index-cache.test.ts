import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openKnowledgeBase } from "../../bot/app/knowledge-base.js";
import { openTempKnowledgeBase, type TempKnowledgeBase } from "../helpers/temp-kb.js";

describe("index caches", () => {
  let t: TempKnowledgeBase;
  beforeAll(async () => {
    t = await openTempKnowledgeBase();
  });
  afterAll(() => t.cleanup());

  const cachedCount = () =>
    [...t.kb.store.eachChunkTokens()].flat().filter((e) => e.tokens !== null).length;

  it("caches every clause's tokens so a restart does not segment the corpus again", async () => {
    expect(cachedCount()).toBe(t.kb.store.counts().chunks);
    const reopened = await openKnowledgeBase(t.config);
    try {
      const { hits } = await reopened.retriever.search("医保卡违规兑付现金", 1);
      expect(hits[0]?.text).toContain("医保卡违规兑付现金");
    } finally {
      reopened.close();
    }
  });

  it("re-segments everything when the dictionary changed", async () => {
    t.kb.store.setMeta("tokens-fingerprint", "an-older-dictionary");
    t.kb.store.saveChunkTokens(t.kb.store.chunkIds().map((id) => ({ id, tokens: ["stale"] })));
    const reopened = await openKnowledgeBase(t.config);
    try {
      expect(reopened.store.getMeta("tokens-fingerprint")).not.toBe("an-older-dictionary");
      const cached = [...t.kb.store.eachChunkTokens()].flat();
      expect(cached.every((e) => e.tokens !== null && e.tokens.join() !== "stale")).toBe(true);
    } finally {
      reopened.close();
    }
  });

  it("re-embeds missing vectors after an interrupted write", async () => {
    const ids = t.kb.store.chunkIds();
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
