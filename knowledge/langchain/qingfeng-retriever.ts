import { Document } from "@langchain/core/documents";
import { BaseRetriever, type BaseRetrieverInput } from "@langchain/core/retrievers";
import type { HybridRetriever } from "../retrieval/hybrid-retriever.js";

export interface ClauseMetadata {
  chunkId: number;
  docId: number;
  title: string;
  year: number | null;
  issuer: string | null;
  section: string;
  source: string;
  score: number;
  alsoIn: string[];
}

/**
 * Qingfeng's hybrid retrieval as a LangChain retriever: any LangChain chain or
 * agent can use the clause index, and every Document carries its source.
 */
export class QingfengRetriever extends BaseRetriever<ClauseMetadata> {
  lc_namespace = ["qingfeng", "retrievers"];
  private readonly retriever: HybridRetriever;
  private readonly k: number;

  constructor(fields: BaseRetrieverInput & { retriever: HybridRetriever; k?: number }) {
    super(fields);
    this.retriever = fields.retriever;
    this.k = fields.k ?? 5;
  }

  async _getRelevantDocuments(query: string): Promise<Document<ClauseMetadata>[]> {
    const { hits } = await this.retriever.search(query, this.k);
    return hits.map(
      (h) =>
        new Document<ClauseMetadata>({
          pageContent: h.text,
          id: String(h.chunkId),
          metadata: {
            chunkId: h.chunkId,
            docId: h.docId,
            title: h.title,
            year: h.year ?? null,
            issuer: h.issuer ?? null,
            section: h.section,
            source: h.source,
            score: h.score,
            alsoIn: h.alsoIn.map((a) => a.source),
          },
        }),
    );
  }
}
