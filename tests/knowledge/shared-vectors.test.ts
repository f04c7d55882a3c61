import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_CORPUS_DIR } from "../../bot/app/package-paths.js";
import { ingestPaths } from "../../ingest/ingest-paths.js";
import { ConductCatalogue } from "../../knowledge/conduct/catalogue.js";
import { ConductMatcher } from "../../knowledge/conduct/conduct-matcher.js";
import { KnowledgeIndex } from "../../knowledge/index/knowledge-index.js";
import { createSegmenter } from "../../knowledge/lexical/segmenter.js";
import { SynonymLexicon } from "../../knowledge/lexical/synonyms.js";
import { PostgresKnowledgeStore } from "../../knowledge/store/postgres-store.js";
import type { Embedder } from "../../knowledge/types.js";
import { HashEmbedder } from "../../knowledge/vector/hash-embedder.js";
import { pgKnowledgeDatabase } from "../helpers/pg-knowledge.js";

/** The offline embedder, counting the texts it is asked to embed. */
function countingEmbedder(inner: Embedder, id = inner.id): Embedder & { embedded: number } {
  return {
    id,
    dimensions: inner.dimensions,
    embedded: 0,
    warm: () => inner.warm?.(),
    async embedDocuments(texts: string[]) {
      this.embedded += texts.length;
      return inner.embedDocuments(texts);
    },
    embedQuery: (text: string) => inner.embedQuery(text),
  };
}

describe("embeddings shared through PostgreSQL", () => {
  const pg = pgKnowledgeDatabase();
  const root = mkdtempSync(join(tmpdir(), "qingfeng-vectors-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("are computed once: another instance loads them and searches the same", async () => {
    const synonyms = await SynonymLexicon.load({});
    const segmenter = createSegmenter({ synonyms, cacheDir: join(root, "cache") });
    const conduct = new ConductMatcher(await ConductCatalogue.load({}));
    const hash = new HashEmbedder({ synonyms, segmenter, cacheDir: join(root, "cache") });
    const store = new PostgresKnowledgeStore(pg.pool());
    const open = (dir: string, embedder: Embedder) =>
      KnowledgeIndex.open({ store, dir: join(root, dir), embedder, segmenter, synonyms, conduct });

    const firstEmbedder = countingEmbedder(hash);
    const first = await open("first", firstEmbedder);
    await ingestPaths([DEFAULT_CORPUS_DIR], { store, index: first });
    const { chunks } = await store.counts();
    expect(firstEmbedder.embedded).toBe(chunks);

    const secondEmbedder = countingEmbedder(hash);
    const second = await open("second", secondEmbedder);
    expect(secondEmbedder.embedded).toBe(0);
    expect(second.vectors.size).toBe(chunks);
    const query = await hash.embedQuery("医生可以收患者红包吗");
    expect(second.vectors.search(query, 10)).toEqual(first.vectors.search(query, 10));

    // Vectors of another model are never mixed in: that one embeds for itself.
    const otherEmbedder = countingEmbedder(hash, `${hash.id}-other`);
    await open("other", otherEmbedder);
    expect(otherEmbedder.embedded).toBe(chunks);
  });
});
