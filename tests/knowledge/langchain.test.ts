import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SyntheticEmbeddings } from "@langchain/core/utils/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromLangChainEmbeddings } from "../../knowledge/langchain/langchain-embedder.js";
import { QingfengRetriever } from "../../knowledge/langchain/qingfeng-retriever.js";
import { VectorIndex } from "../../knowledge/vector/hnsw-index.js";
import { openTempKnowledgeBase, type TempKnowledgeBase } from "../helpers/temp-kb.js";

describe("LangChain shapes", () => {
  let t: TempKnowledgeBase;
  beforeAll(async () => {
    t = await openTempKnowledgeBase();
  });
  afterAll(() => t.cleanup());

  it("serves the clause index as a LangChain retriever with sources in metadata", async () => {
    const retriever = new QingfengRetriever({ retriever: t.kb.retriever, k: 3 });
    const docs = await retriever.invoke("医保卡违规兑付现金");
    expect(docs.length).toBeGreaterThan(0);
    expect(docs[0]?.pageContent).toContain("医保卡违规兑付现金");
    expect(docs[0]?.metadata).toMatchObject({
      title: expect.any(String),
      section: expect.any(String),
    });
    expect(docs[0]?.metadata.source).toMatch(/^corpus\//);
  });

  it("accepts any LangChain embeddings as the dense embedder", async () => {
    const embedder = fromLangChainEmbeddings(new SyntheticEmbeddings({ vectorSize: 16 }), {
      id: "synthetic-16",
      dimensions: 16,
    });
    const dir = mkdtempSync(join(tmpdir(), "qingfeng-lc-"));
    try {
      const index = await VectorIndex.open({
        dir,
        embedderId: embedder.id,
        dimensions: embedder.dimensions,
      });
      const [a, b] = await embedder.embedDocuments([
        "kickbacks from pharma companies",
        "livestream selling",
      ]);
      index.add(1, a ?? []);
      index.add(2, b ?? []);
      const hits = index.search(await embedder.embedQuery("kickbacks from pharma companies"), 1);
      expect(hits[0]?.id).toBe(1);
      expect(embedder.id).toBe("langchain:synthetic-16");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
