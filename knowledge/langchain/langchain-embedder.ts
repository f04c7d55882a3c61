import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import type { Embedder } from "../types.js";

/**
 * Any LangChain embeddings (HuggingFace, Ollama, Bedrock …) as a Qingfeng
 * embedder. The id must name the model: vectors are rebuilt when it changes.
 */
export function fromLangChainEmbeddings(
  embeddings: EmbeddingsInterface,
  options: { id: string; dimensions: number },
): Embedder {
  return {
    id: `langchain:${options.id}`,
    dimensions: options.dimensions,
    embedDocuments: (documents) => embeddings.embedDocuments(documents),
    embedQuery: (document) => embeddings.embedQuery(document),
  };
}
