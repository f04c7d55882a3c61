import type pg from "pg";
import { PgQueries } from "../../../knowledge/store/pg-queries.js";
import type { Platform } from "../../kernel/events.js";
import type { CaseFields, CaseNotice, LinkedClause } from "./case-notice.js";
import { type ClauseRow, type NoticeRow, toNotice } from "./case-rows.js";
import { QingfengError } from "./errors.js";
import type { Acknowledgement, AckStore, CaseStore } from "./ports.js";

/** Case notices, their linked clauses and acknowledgements on PostgreSQL. */
export class PostgresCaseStore implements CaseStore, AckStore {
  private readonly q: PgQueries;

  constructor(
    pool: pg.Pool,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.q = new PgQueries(pool);
  }

  async createDraft(
    fields: CaseFields,
    clauses: LinkedClause[],
    by: string,
    correctsId?: number,
  ): Promise<CaseNotice> {
    const at = this.now().toISOString();
    const id = await this.q.tx(async (q) => {
      const row = await q.row<{ id: number }>(
        `INSERT INTO case_notices (status, title, date, institution, people, facts, violations, result, lesson,
           tags, source_url, corrects_id, created_by, created_at, updated_at)
         VALUES ('draft', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
        [
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
        ],
      );
      const noticeId = row?.id as number;
      await writeClauses(q, noticeId, clauses);
      return noticeId;
    });
    return this.mustGet(id);
  }

  async get(id: number): Promise<CaseNotice | undefined> {
    const row = await this.q.row<NoticeRow>("SELECT * FROM case_notices WHERE id = $1", [id]);
    return row ? this.noticeOf(row) : undefined;
  }

  async list(limit = 50): Promise<CaseNotice[]> {
    const rows = await this.q.rows<NoticeRow>(
      "SELECT * FROM case_notices ORDER BY id DESC LIMIT $1",
      [limit],
    );
    return Promise.all(rows.map((r) => this.noticeOf(r)));
  }

  async publishedSince(sinceIso: string): Promise<CaseNotice[]> {
    const rows = await this.q.rows<NoticeRow>(
      "SELECT * FROM case_notices WHERE status = 'published' AND published_at >= $1 ORDER BY published_at",
      [sinceIso],
    );
    return Promise.all(rows.map((r) => this.noticeOf(r)));
  }

  async updateDraft(id: number, patch: Partial<CaseFields>): Promise<CaseNotice> {
    const notice = await this.mustBeDraft(id);
    const next = { ...notice, ...patch };
    await this.q.run(
      `UPDATE case_notices SET title = $1, date = $2, institution = $3, people = $4, facts = $5, violations = $6,
         result = $7, lesson = $8, tags = $9, source_url = $10, updated_at = $11 WHERE id = $12 AND status = 'draft'`,
      [
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
      ],
    );
    return this.mustGet(id);
  }

  async setClauses(id: number, clauses: LinkedClause[]): Promise<CaseNotice> {
    await this.mustBeDraft(id);
    await this.q.tx(async (q) => {
      await q.run("DELETE FROM case_clauses WHERE notice_id = $1", [id]);
      await writeClauses(q, id, clauses);
    });
    return this.mustGet(id);
  }

  async acknowledge(ack: Acknowledgement): Promise<boolean> {
    const inserted = await this.q.run(
      `INSERT INTO case_acks (notice_id, platform, user_id, user_name, chat_id, at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT DO NOTHING`,
      [ack.noticeId, ack.platform, ack.userId, ack.userName ?? null, ack.chatId, ack.at],
    );
    return inserted > 0;
  }

  async acks(noticeId: number): Promise<Acknowledgement[]> {
    const rows = await this.q.rows<{
      notice_id: number;
      platform: Platform;
      user_id: string;
      user_name: string | null;
      chat_id: string;
      at: string;
    }>(
      'SELECT * FROM case_acks WHERE notice_id = $1 ORDER BY at, platform COLLATE "C", user_id COLLATE "C"',
      [noticeId],
    );
    return rows.map((r) => ({
      noticeId: r.notice_id,
      platform: r.platform,
      userId: r.user_id,
      userName: r.user_name ?? undefined,
      chatId: r.chat_id,
      at: r.at,
    }));
  }

  private async mustGet(id: number): Promise<CaseNotice> {
    const notice = await this.get(id);
    if (!notice) throw new QingfengError("CASE_NOT_FOUND", `No case notice #${id}.`);
    return notice;
  }

  private async mustBeDraft(id: number): Promise<CaseNotice> {
    const notice = await this.mustGet(id);
    if (notice.status !== "draft")
      throw new QingfengError(
        "CASE_IMMUTABLE",
        `Case notice #${id} is published and cannot change; publish a correction (更正) instead.`,
      );
    return notice;
  }

  private async noticeOf(row: NoticeRow): Promise<CaseNotice> {
    const clauses = await this.q.rows<ClauseRow>(
      "SELECT * FROM case_clauses WHERE notice_id = $1 ORDER BY ord",
      [row.id],
    );
    return toNotice(row, clauses);
  }
}

async function writeClauses(
  q: PgQueries,
  noticeId: number,
  clauses: LinkedClause[],
): Promise<void> {
  for (const [i, c] of clauses.entries()) {
    await q.run(
      `INSERT INTO case_clauses (notice_id, chunk_id, ord, origin, accepted, text, title, year, section)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
      [
        noticeId,
        c.chunkId,
        i,
        c.origin,
        c.accepted ? 1 : 0,
        c.text,
        c.title,
        c.year ?? null,
        c.section,
      ],
    );
  }
}
