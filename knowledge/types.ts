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
  /**
   * The text is a scan or OCR output: most of it scores low on text quality
   * (see ChunkDraft.quality), so its clauses may carry character errors.
   */
  scan?: boolean | undefined;
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

/**
 * One citable unit: a clause, a piece of a long clause, or a table row — or a
 * blank form / signature block (kind "form"), stored for questions about the
 * form itself but never a rule.
 */
export interface ChunkDraft {
  /** The clause text, verbatim after cleaning. */
  text: string;
  /**
   * Heading path, outermost first, headings only: e.g. ["二、工作任务",
   * "（五）切实推进工作取得实效", "16.加强典型案例通报力度"]. A numbered item
   * without a heading of its own ends the path with its number alone
   * (["一、整治内容", "(一)"], ["第三条"]).
   */
  path: string[];
  kind: "clause" | "paragraph" | "row" | "form";
  /** Column values for table rows (任务 / 责任单位 / 完成时限). */
  fields?: Record<string, string> | undefined;
  /** The numbered item's own number, e.g. "（一）", "第三条", "2." (no text). */
  label?: string | undefined;
  /**
   * The path search indexes, when it differs from `path`: a numbered item
   * without a heading is listed with its opening words, so it is found by
   * what it opens with as a headed item is by its heading. Never shown.
   */
  searchPath?: string[] | undefined;
  /**
   * How clean the text is, 0–1 (see knowledge/lexical/text-quality.ts): 1 for
   * clean text, lower as more of it reads like scan/OCR damage.
   */
  quality?: number | undefined;
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
  /** The clause's own number in this document ("（一）", "第三条"), when it has one. */
  label?: string | undefined;
  /** The section as search indexes it (ChunkDraft.searchPath), when it differs from `section`. */
  searchSection?: string | undefined;
  /** The document is a scan/OCR source (DocumentMeta.scan). */
  scan?: boolean | undefined;
}

/** A stored chunk: text kept once, with every place it occurs. */
export interface StoredChunk {
  id: number;
  text: string;
  kind: ChunkDraft["kind"];
  fields?: Record<string, string> | undefined;
  /** Text quality 0–1 (ChunkDraft.quality); computed at ingest, or when the store opens for older rows. */
  quality?: number | undefined;
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
  /** Text quality 0–1 of the clause (1 clean; low: scan/OCR damage likely). */
  quality?: number | undefined;
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
  /** Loads what the first query would otherwise load (tables, dictionaries), now. */
  warm?(): void;
}
