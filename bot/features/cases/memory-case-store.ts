import {
  compareText,
  constraintFailed,
  IdRows,
  keyOf,
  type MemoryStorage,
} from "../../storage/memory.js";
import type { CaseFields, CaseNotice, LinkedClause } from "./case-notice.js";
import { QingfengError } from "./errors.js";
import type { Acknowledgement, AckStore, CaseStore } from "./ports.js";

/** A case_notices row; the memory outbox publishes drafts in the same table, as the SQLite one does. */
interface MemoryNoticeRow extends CaseFields {
  id: number;
  status: "draft" | "published";
  correctsId: number | undefined;
  clauses: LinkedClause[];
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | undefined;
}

/** Case notices, their linked clauses and acknowledgements in memory, as SqliteCaseStore keeps them. */
export class MemoryCaseStore implements CaseStore, AckStore {
  private readonly notices: IdRows<MemoryNoticeRow>;
  private readonly ackRows: Map<string, Acknowledgement>;

  constructor(
    storage: MemoryStorage,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.notices = storage.table("case_notices", () => new IdRows<MemoryNoticeRow>());
    this.ackRows = storage.table("case_acks", () => new Map<string, Acknowledgement>());
  }

  async createDraft(
    fields: CaseFields,
    clauses: LinkedClause[],
    by: string,
    correctsId?: number,
  ): Promise<CaseNotice> {
    if (correctsId !== undefined && !this.notices.get(correctsId))
      throw constraintFailed(`case notice #${correctsId} to correct does not exist`);
    const at = this.now().toISOString();
    const row = this.notices.insert({
      ...columns(fields),
      status: "draft",
      correctsId,
      clauses: [],
      createdBy: by,
      createdAt: at,
      updatedAt: at,
      publishedAt: undefined,
    });
    row.clauses = linked(clauses);
    return toNotice(row);
  }

  async get(id: number): Promise<CaseNotice | undefined> {
    const row = this.notices.get(id);
    return row ? toNotice(row) : undefined;
  }

  async list(limit = 50): Promise<CaseNotice[]> {
    const newestFirst = this.notices.all().reverse();
    return (limit < 0 ? newestFirst : newestFirst.slice(0, limit)).map(toNotice);
  }

  async publishedSince(sinceIso: string): Promise<CaseNotice[]> {
    return this.notices
      .all()
      .filter((r) => r.status === "published" && r.publishedAt !== undefined)
      .filter((r) => (r.publishedAt as string) >= sinceIso)
      .sort((a, b) => compareText(a.publishedAt as string, b.publishedAt as string))
      .map(toNotice);
  }

  async updateDraft(id: number, patch: Partial<CaseFields>): Promise<CaseNotice> {
    const row = this.mustBeDraft(id);
    Object.assign(row, columns({ ...toNotice(row), ...patch }), {
      updatedAt: this.now().toISOString(),
    });
    return toNotice(row);
  }

  async setClauses(id: number, clauses: LinkedClause[]): Promise<CaseNotice> {
    const row = this.mustBeDraft(id);
    row.clauses = linked(clauses);
    return toNotice(row);
  }

  async acknowledge(ack: Acknowledgement): Promise<boolean> {
    if (!this.notices.get(ack.noticeId))
      throw constraintFailed(`case notice #${ack.noticeId} to acknowledge does not exist`);
    const key = keyOf(ack.noticeId, ack.platform, ack.userId);
    if (this.ackRows.has(key)) return false;
    this.ackRows.set(key, {
      noticeId: ack.noticeId,
      platform: ack.platform,
      userId: ack.userId,
      userName: ack.userName,
      chatId: ack.chatId,
      at: ack.at,
    });
    return true;
  }

  async acks(noticeId: number): Promise<Acknowledgement[]> {
    return (
      [...this.ackRows.values()]
        .filter((a) => a.noticeId === noticeId)
        // SQLite reads them through the (notice, platform, user) key, so equal times keep that order.
        .sort(
          (a, b) =>
            compareText(a.at, b.at) ||
            compareText(a.platform, b.platform) ||
            compareText(a.userId, b.userId),
        )
        .map((a) => ({ ...a }))
    );
  }

  private mustBeDraft(id: number): MemoryNoticeRow {
    const row = this.notices.get(id);
    if (!row) throw new QingfengError("CASE_NOT_FOUND", `No case notice #${id}.`);
    if (row.status !== "draft")
      throw new QingfengError(
        "CASE_IMMUTABLE",
        `Case notice #${id} is published and cannot change; publish a correction (更正) instead.`,
      );
    return row;
  }
}

/** The columns a draft's fields are stored in (arrays copied, as SQLite keeps them as JSON). */
function columns(f: CaseFields): CaseFields {
  return {
    title: f.title,
    date: f.date,
    institution: f.institution,
    people: [...f.people],
    facts: f.facts,
    violations: f.violations,
    result: f.result,
    lesson: f.lesson,
    tags: [...f.tags],
    sourceUrl: f.sourceUrl,
  };
}

/** One clause per chunk, in the order given: a repeated chunk keeps its first place (INSERT OR IGNORE). */
function linked(clauses: LinkedClause[]): LinkedClause[] {
  const seen = new Set<number>();
  const kept: LinkedClause[] = [];
  for (const c of clauses) {
    if (seen.has(c.chunkId)) continue;
    seen.add(c.chunkId);
    kept.push(clauseCopy(c));
  }
  return kept;
}

function clauseCopy(c: LinkedClause): LinkedClause {
  return {
    chunkId: c.chunkId,
    origin: c.origin,
    accepted: c.accepted,
    text: c.text,
    title: c.title,
    year: c.year,
    section: c.section,
  };
}

function toNotice(row: MemoryNoticeRow): CaseNotice {
  return {
    id: row.id,
    status: row.status,
    ...columns(row),
    correctsId: row.correctsId,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    publishedAt: row.publishedAt,
    clauses: row.clauses.map(clauseCopy),
  };
}
