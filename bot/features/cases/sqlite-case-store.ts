import type Database from "better-sqlite3";
import type { Platform } from "../../kernel/events.js";
import type { CaseFields, CaseNotice, LinkedClause } from "./case-notice.js";
import { type ClauseRow, type NoticeRow, toNotice } from "./case-rows.js";
import { QingfengError } from "./errors.js";
import type { Acknowledgement, AckStore, CaseStore } from "./ports.js";

/** Case notices, their linked clauses and acknowledgements in SQLite. */
export class SqliteCaseStore implements CaseStore, AckStore {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async createDraft(
    fields: CaseFields,
    clauses: LinkedClause[],
    by: string,
    correctsId?: number,
  ): Promise<CaseNotice> {
    const at = this.now().toISOString();
    const id = this.db.transaction(() => {
      const info = this.db
        .prepare(
          `INSERT INTO case_notices (status, title, date, institution, people, facts, violations, result, lesson,
             tags, source_url, corrects_id, created_by, created_at, updated_at)
           VALUES ('draft', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          fields.title,
          fields.date ?? null,
          fields.institution ?? null,
          JSON.stringify(fields.people),
          fields.facts,
          fields.violations ?? null,
          fields.result ?? null,
          fields.lesson ?? null,
          JSON.stringify(fields.tags),
          fields.sourceUrl ?? null,
          correctsId ?? null,
          by,
          at,
          at,
        );
      const noticeId = Number(info.lastInsertRowid);
      this.writeClauses(noticeId, clauses);
      return noticeId;
    })();
    return this.mustGet(id);
  }

  async get(id: number): Promise<CaseNotice | undefined> {
    return this.read(id);
  }

  private read(id: number): CaseNotice | undefined {
    const row = this.db.prepare("SELECT * FROM case_notices WHERE id = ?").get(id) as
      | NoticeRow
      | undefined;
    return row ? this.noticeOf(row) : undefined;
  }

  async list(limit = 50): Promise<CaseNotice[]> {
    const rows = this.db
      .prepare("SELECT * FROM case_notices ORDER BY id DESC LIMIT ?")
      .all(limit) as NoticeRow[];
    return rows.map((r) => this.noticeOf(r));
  }

  async publishedSince(sinceIso: string): Promise<CaseNotice[]> {
    const rows = this.db
      .prepare(
        "SELECT * FROM case_notices WHERE status = 'published' AND published_at >= ? ORDER BY published_at",
      )
      .all(sinceIso) as NoticeRow[];
    return rows.map((r) => this.noticeOf(r));
  }

  async updateDraft(id: number, patch: Partial<CaseFields>): Promise<CaseNotice> {
    const notice = this.mustBeDraft(id);
    const next = { ...notice, ...patch };
    this.db
      .prepare(
        `UPDATE case_notices SET title = ?, date = ?, institution = ?, people = ?, facts = ?, violations = ?,
           result = ?, lesson = ?, tags = ?, source_url = ?, updated_at = ? WHERE id = ? AND status = 'draft'`,
      )
      .run(
        next.title,
        next.date ?? null,
        next.institution ?? null,
        JSON.stringify(next.people),
        next.facts,
        next.violations ?? null,
        next.result ?? null,
        next.lesson ?? null,
        JSON.stringify(next.tags),
        next.sourceUrl ?? null,
        this.now().toISOString(),
        id,
      );
    return this.mustGet(id);
  }

  async setClauses(id: number, clauses: LinkedClause[]): Promise<CaseNotice> {
    this.mustBeDraft(id);
    this.db.transaction(() => {
      this.db.prepare("DELETE FROM case_clauses WHERE notice_id = ?").run(id);
      this.writeClauses(id, clauses);
    })();
    return this.mustGet(id);
  }

  async acknowledge(ack: Acknowledgement): Promise<boolean> {
    return (
      this.db
        .prepare(
          `INSERT INTO case_acks (notice_id, platform, user_id, user_name, chat_id, at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT DO NOTHING`,
        )
        .run(ack.noticeId, ack.platform, ack.userId, ack.userName ?? null, ack.chatId, ack.at)
        .changes > 0
    );
  }

  async acks(noticeId: number): Promise<Acknowledgement[]> {
    const rows = this.db
      .prepare("SELECT * FROM case_acks WHERE notice_id = ? ORDER BY at")
      .all(noticeId) as {
      notice_id: number;
      platform: Platform;
      user_id: string;
      user_name: string | null;
      chat_id: string;
      at: string;
    }[];
    return rows.map((r) => ({
      noticeId: r.notice_id,
      platform: r.platform,
      userId: r.user_id,
      userName: r.user_name ?? undefined,
      chatId: r.chat_id,
      at: r.at,
    }));
  }

  private mustGet(id: number): CaseNotice {
    const notice = this.read(id);
    if (!notice) throw new QingfengError("CASE_NOT_FOUND", `No case notice #${id}.`);
    return notice;
  }

  private mustBeDraft(id: number): CaseNotice {
    const notice = this.mustGet(id);
    if (notice.status !== "draft")
      throw new QingfengError(
        "CASE_IMMUTABLE",
        `Case notice #${id} is published and cannot change; publish a correction (更正) instead.`,
      );
    return notice;
  }

  private writeClauses(noticeId: number, clauses: LinkedClause[]): void {
    const insert = this.db.prepare(
      `INSERT OR IGNORE INTO case_clauses (notice_id, chunk_id, ord, origin, accepted, text, title, year, section)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    clauses.forEach((c, i) => {
      insert.run(
        noticeId,
        c.chunkId,
        i,
        c.origin,
        c.accepted ? 1 : 0,
        c.text,
        c.title,
        c.year ?? null,
        c.section,
      );
    });
  }

  private noticeOf(row: NoticeRow): CaseNotice {
    const clauses = this.db
      .prepare("SELECT * FROM case_clauses WHERE notice_id = ? ORDER BY ord")
      .all(row.id) as ClauseRow[];
    return toNotice(row, clauses);
  }
}
