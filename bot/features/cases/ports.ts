import type { Platform } from "../../kernel/events.js";
import { ServiceKey } from "../../kernel/services.js";
import type { CaseSystem } from "./case-system.js";

export type { CaseSystem } from "./case-system.js";

import type { CaseFields, CaseNotice, LinkedClause } from "./case-notice.js";

/** Notices and their linked clauses. */
export interface CaseStore {
  createDraft(
    fields: CaseFields,
    clauses: LinkedClause[],
    by: string,
    correctsId?: number,
  ): Promise<CaseNotice>;
  get(id: number): Promise<CaseNotice | undefined>;
  list(limit?: number): Promise<CaseNotice[]>;
  /** Replaces fields of a draft; CASE_IMMUTABLE once published. */
  updateDraft(id: number, patch: Partial<CaseFields>): Promise<CaseNotice>;
  setClauses(id: number, clauses: LinkedClause[]): Promise<CaseNotice>;
  /** Published notices since a time (for digests). */
  publishedSince(sinceIso: string): Promise<CaseNotice[]>;
}

export interface Acknowledgement {
  noticeId: number;
  platform: Platform;
  userId: string;
  userName?: string | undefined;
  chatId: string;
  at: string;
}

export interface AckStore {
  /** True the first time this user acknowledges this notice. */
  acknowledge(ack: Acknowledgement): Promise<boolean>;
  acks(noticeId: number): Promise<Acknowledgement[]>;
}

/** Finds the clauses a case's facts touch (retrieval over the indexed documents). */
export interface ClauseLinker {
  propose(text: string, max?: number): Promise<LinkedClause[]>;
  /** The best clause for an admin's query, to add to a draft. */
  lookup(query: string): Promise<LinkedClause | undefined>;
}

/** The case system, for the CLI verbs and tests that drive it directly. */
export const CASES = new ServiceKey<CaseSystem>("cases");

/** What the admin console shows and downloads of a notice (rendered as the chats get it). */
export type { CaseFields, CaseNotice, LinkedClause } from "./case-notice.js";
export { type CaseReport, reportCsv } from "./case-report.js";
export type { CaseStatus } from "./case-service.js";
export { renderNotice } from "./render-notice.js";
