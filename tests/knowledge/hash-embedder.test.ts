import { describe, expect, it } from "vitest";
import { createSegmenter } from "../../knowledge/lexical/segmenter.js";
import { SynonymLexicon } from "../../knowledge/lexical/synonyms.js";
import { HashEmbedder } from "../../knowledge/vector/hash-embedder.js";

const cosine = (a: number[], b: number[]) => a.reduce((sum, x, i) => sum + x * (b[i] ?? 0), 0);
const norm = (v: number[]) => Math.sqrt(cosine(v, v));

describe("HashEmbedder", () => {
  const synonyms = SynonymLexicon.shipped();
  const embedder = new HashEmbedder({ synonyms, segmenter: createSegmenter({ synonyms }) });

  it("names algorithm version and size in its id", () => {
    expect(embedder.id).toMatch(/^hash-ngram-v1-512-[0-9a-f]{8}$/);
    expect(embedder.dimensions).toBe(512);
    const small = new HashEmbedder({ dimensions: 64, synonyms });
    expect(small.id).toMatch(/^hash-ngram-v1-64-/);
  });

  it("is deterministic across instances", async () => {
    const again = new HashEmbedder({ synonyms });
    const text = "医疗卫生人员不得收受患者红包";
    expect(await again.embedQuery(text)).toEqual(await embedder.embedQuery(text));
    expect(again.id).toBe(embedder.id);
  });

  it("returns L2-normalised vectors of the configured size, even for empty text", async () => {
    const vectors = await embedder.embedDocuments(["严禁带金销售", "", "，。？", "abc 123"]);
    expect(vectors).toHaveLength(4);
    for (const vector of vectors) {
      expect(vector).toHaveLength(512);
      expect(norm(vector)).toBeCloseTo(1, 10);
      expect(vector.every(Number.isFinite)).toBe(true);
    }
  });

  it("ranks a paraphrase above an unrelated sentence", async () => {
    const [query, paraphrase, unrelated] = await embedder.embedDocuments([
      "药代请吃饭",
      "医药代表安排的宴请",
      "持续加强医保基金监管",
    ]);
    expect(cosine(query!, paraphrase!)).toBeGreaterThan(cosine(query!, unrelated!) + 0.2);
  });

  it("brings staff wording and document wording together through synonyms", async () => {
    const withSynonyms = embedder;
    const withoutSynonyms = new HashEmbedder({ synonyms: new SynonymLexicon("") });
    const texts = ["药代给的好处费", "医药代表给予的回扣"];
    const [a1, b1] = await withSynonyms.embedDocuments(texts);
    const [a2, b2] = await withoutSynonyms.embedDocuments(texts);
    expect(cosine(a1!, b1!)).toBeGreaterThan(cosine(a2!, b2!));
    expect(withoutSynonyms.id).not.toBe(withSynonyms.id);
  });

  it("rejects a useless size", () => {
    expect(() => new HashEmbedder({ dimensions: 0, synonyms })).toThrow(/dimensions/);
  });
});
