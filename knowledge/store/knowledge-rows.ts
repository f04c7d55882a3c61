import type { Authority, ChunkOccurrence, StoredChunk, StoredDocument } from "../types.js";

/** Meta key of the number every corpus write (ingest, remove) increments. */
export const CORPUS_VERSION_KEY = "corpus-version";

/** A chunks row as both SQL stores read it. */
export interface ChunkRow {
  id: number;
  text: string;
  kind: StoredChunk["kind"];
  fields: string | null;
  quality: number | null;
}

/** An occurrence joined with its document and source. */
export interface OccurrenceRow {
  chunk_id: number;
  doc_id: number;
  section: string;
  title: string;
  year: number | null;
  issuer: string | null;
  doc_number: string | null;
  kind: ChunkOccurrence["kind"];
  authority: Authority;
  path: string;
  label: string | null;
  search_section: string | null;
  scan: number | null;
}

/** A documents row joined with its source, as `listDocuments` selects it. */
export type DocumentRow = Omit<StoredDocument, "references" | "scan"> & {
  refs: string | null;
  scan: number | null;
};

/**
 * Occurrences per chunk, preferred first: official before local before
 * unknown, policy before other before news, newest year first (a document
 * without a year last), then document id. Both stores order by this.
 */
export const OCCURRENCE_ORDER = `o.chunk_id, CASE d.authority WHEN 'official' THEN 0 WHEN 'local' THEN 1 ELSE 2 END,
                  CASE d.kind WHEN 'policy' THEN 0 WHEN 'other' THEN 1 ELSE 2 END,
                  d.year DESC NULLS LAST, d.id`;

export function toStoredChunk(row: ChunkRow, occurrences: ChunkOccurrence[]): StoredChunk {
  return {
    id: row.id,
    text: row.text,
    kind: row.kind,
    fields: row.fields ? (JSON.parse(row.fields) as Record<string, string>) : undefined,
    quality: row.quality ?? undefined,
    occurrences,
  };
}

export function toOccurrence(r: OccurrenceRow): ChunkOccurrence {
  return {
    docId: r.doc_id,
    title: r.title,
    year: r.year ?? undefined,
    issuer: r.issuer ?? undefined,
    docNumber: r.doc_number ?? undefined,
    kind: r.kind,
    authority: r.authority,
    source: r.path,
    section: r.section,
    label: r.label ?? undefined,
    searchSection: r.search_section ?? undefined,
    scan: r.scan === null ? undefined : r.scan === 1,
  };
}

/** Occurrence rows (ordered by OCCURRENCE_ORDER) grouped by chunk id. */
export function groupOccurrences(rows: OccurrenceRow[]): Map<number, ChunkOccurrence[]> {
  const out = new Map<number, ChunkOccurrence[]>();
  for (const r of rows) {
    const list = out.get(r.chunk_id) ?? [];
    list.push(toOccurrence(r));
    out.set(r.chunk_id, list);
  }
  return out;
}

export function toStoredDocument({ refs, scan, ...d }: DocumentRow): StoredDocument {
  return {
    ...d,
    scan: scan === null ? undefined : scan === 1,
    year: d.year ?? undefined,
    issuer: d.issuer ?? undefined,
    docNumber: d.docNumber ?? undefined,
    date: d.date ?? undefined,
    references: refs ? (JSON.parse(refs) as string[]) : undefined,
  };
}
