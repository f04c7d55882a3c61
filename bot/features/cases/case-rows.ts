import type { CaseNotice } from "./case-notice.js";

// A notice's rows as both SQL backends return them (same columns).

export interface NoticeRow {
  id: number;
  status: "draft" | "published";
  title: string;
  date: string | null;
  institution: string | null;
  people: string;
  facts: string;
  violations: string | null;
  result: string | null;
  lesson: string | null;
  tags: string;
  source_url: string | null;
  corrects_id: number | null;
  created_by: string;
  created_at: string;
  published_at: string | null;
}

export interface ClauseRow {
  chunk_id: number;
  origin: "proposed" | "added";
  accepted: number;
  text: string;
  title: string;
  year: number | null;
  section: string;
}

/** A notice from its row and its linked clauses' rows, in order. */
export function toNotice(row: NoticeRow, clauses: ClauseRow[]): CaseNotice {
  return {
    id: row.id,
    status: row.status,
    title: row.title,
    date: row.date ?? undefined,
    institution: row.institution ?? undefined,
    people: JSON.parse(row.people) as string[],
    facts: row.facts,
    violations: row.violations ?? undefined,
    result: row.result ?? undefined,
    lesson: row.lesson ?? undefined,
    tags: JSON.parse(row.tags) as string[],
    sourceUrl: row.source_url ?? undefined,
    correctsId: row.corrects_id ?? undefined,
    createdBy: row.created_by,
    createdAt: row.created_at,
    publishedAt: row.published_at ?? undefined,
    clauses: clauses.map((c) => ({
      chunkId: c.chunk_id,
      origin: c.origin,
      accepted: c.accepted === 1,
      text: c.text,
      title: c.title,
      year: c.year ?? undefined,
      section: c.section,
    })),
  };
}
