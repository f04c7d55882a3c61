/**
 * The shared vocabulary of the knowledge layer: what ingest produces, what the
 * store keeps and what retrieval returns. Platform-neutral: no SDK imports here.
 */

/** Metadata of one policy document (a compilation yields several). */
export interface DocumentMeta {
  title: string;
  /** Year the document is for / was issued, when known. */
  year?: number | undefined;
  /** Issuing bodies, joined with "、". */
  issuer?: string | undefined;
  /** Document number such as 国卫医急函〔2023〕75号. */
  docNumber?: string | undefined;
  /** Other documents' numbers this one cites (e.g. the national notice it implements). */
  references?: string[] | undefined;
  /** Issue date as ISO yyyy-mm-dd when known. */
  date?: string | undefined;
  /** What kind of text: policy (official), news (a reprint), other. */
  kind: "policy" | "news" | "other";
  /**
   * Whose rule it is: an official policy (government), a hospital's own rule
   * (local), or an upload nobody vouched for. Official prohibitions win over
   * local or unknown texts that permit the same conduct. Default unknown.
   */
  authority?: Authority | undefined;
}

/** Whose rule a document is; see DocumentMeta.authority. */
export type Authority = "official" | "local" | "unknown";

/** What a clause does with a kind of conduct it names. */
export type ClauseRuling = "prohibits" | "conditions" | "permits" | "mentions";

/** A kind of conduct a clause rules on (or only mentions); see knowledge/conduct. */
export interface ClauseKind {
  kind: string;
  /** 0–1: how clearly the clause is about this kind, halved when it only mentions it. */
  strength: number;
  ruling: ClauseRuling;
}

/** One citable unit: a clause, a piece of a long clause, or a table row. */
export interface ChunkDraft {
  /** The clause text, verbatim after cleaning. */
  text: string;
  /** Heading path, outermost first, e.g. ["二、…", "（六）…"]. */
  path: string[];
  kind: "clause" | "paragraph" | "row";
  /** Column values for table rows (任务 / 责任单位 / 完成时限). */
  fields?: Record<string, string> | undefined;
}

/** A document as produced by the ingest pipeline, ready to be stored. */
export interface DocumentDraft {
  meta: DocumentMeta;
  chunks: ChunkDraft[];
}

/** A stored document. */
export interface StoredDocument extends DocumentMeta {
  id: number;
  /** Source path as given at ingest (relative when inside the corpus). */
  source: string;
  /** sha256 of the source file bytes. */
  sourceHash: string;
  /** Position of this document inside its source file (compilations). */
  part: number;
  chunkCount: number;
  ingestedAt: string;
}

/** Where a stored chunk appears: a document and its section there. */
export interface ChunkOccurrence {
  docId: number;
  title: string;
  year?: number | undefined;
  issuer?: string | undefined;
  docNumber?: string | undefined;
  kind: DocumentMeta["kind"];
  authority: Authority;
  source: string;
  section: string;
}

/** A stored chunk: text kept once, with every place it occurs. */
export interface StoredChunk {
  id: number;
  text: string;
  kind: ChunkDraft["kind"];
  fields?: Record<string, string> | undefined;
  /** First entry is the preferred (official, newest) occurrence. */
  occurrences: ChunkOccurrence[];
}

/** One retrieval hit, as the ask/eval contract shows it. */
export interface SearchHit {
  chunkId: number;
  docId: number;
  title: string;
  year?: number | undefined;
  issuer?: string | undefined;
  section: string;
  text: string;
  source: string;
  score: number;
  kind: ChunkDraft["kind"];
  /** Whose rule the cited document is. */
  authority?: Authority | undefined;
  /** Kinds of conduct the clause rules on, when the index knows them. */
  kinds?: readonly ClauseKind[] | undefined;
  /** Other documents saying the same (exact duplicates and near-duplicate editions). */
  alsoIn: { docId: number; title: string; year?: number | undefined; source: string }[];
}

/** Shaped like LangChain's `EmbeddingsInterface`, so any LangChain embeddings plug in. */
export interface EmbeddingsInterface {
  embedDocuments(documents: string[]): Promise<number[][]>;
  embedQuery(document: string): Promise<number[]>;
}

/** An embedder plus the identity that decides whether stored vectors are still valid. */
export interface Embedder extends EmbeddingsInterface {
  /** Stable id of model + settings: a change rebuilds the vector index. */
  readonly id: string;
  readonly dimensions: number;
}
