import type pg from "pg";
import { PgQueries } from "../../../knowledge/store/pg-queries.js";
import type { Platform } from "../../kernel/events.js";
import type { Campaign, CampaignProgress, CampaignSpec } from "./campaign.js";
import { type ProgressRow, type Row, toCampaign, toProgress } from "./campaign-rows.js";

/** Campaigns and each person's progress in them, on PostgreSQL. */
export class PostgresCampaigns {
  private readonly q: PgQueries;

  constructor(
    pool: pg.Pool,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.q = new PgQueries(pool);
  }

  async create(spec: CampaignSpec, questionIds: number[], by: string): Promise<Campaign> {
    const row = await this.q.row<{ id: number }>(
      "INSERT INTO campaigns (name, spec, start_at, due_at, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
      [
        spec.name,
        JSON.stringify({ ...spec, questionIds }),
        Date.parse(spec.start),
        Date.parse(spec.due),
        by,
        this.now().toISOString(),
      ],
    );
    return (await this.get(row?.id as number)) as Campaign;
  }

  async get(id: number): Promise<Campaign | undefined> {
    const row = await this.q.row<Row>("SELECT * FROM campaigns WHERE id = $1", [id]);
    return row ? toCampaign(row) : undefined;
  }

  async list(): Promise<Campaign[]> {
    return (await this.q.rows<Row>("SELECT * FROM campaigns ORDER BY id DESC")).map(toCampaign);
  }

  async progress(
    campaignId: number,
    platform: Platform,
    userId: string,
  ): Promise<CampaignProgress | undefined> {
    const row = await this.q.row<ProgressRow>(
      "SELECT * FROM campaign_progress WHERE campaign_id = $1 AND platform = $2 AND user_id = $3",
      [campaignId, platform, userId],
    );
    return row ? toProgress(row) : undefined;
  }

  async allProgress(campaignId: number): Promise<CampaignProgress[]> {
    const rows = await this.q.rows<ProgressRow>(
      `SELECT * FROM campaign_progress WHERE campaign_id = $1 ORDER BY platform COLLATE "C", user_id COLLATE "C"`,
      [campaignId],
    );
    return rows.map(toProgress);
  }

  async save(p: CampaignProgress): Promise<void> {
    await this.q.run(
      `INSERT INTO campaign_progress (campaign_id, platform, user_id, answered, correct, passed_at, attestation)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (campaign_id, platform, user_id) DO UPDATE SET answered = excluded.answered,
         correct = excluded.correct, passed_at = excluded.passed_at, attestation = excluded.attestation`,
      [
        p.campaignId,
        p.platform,
        p.userId,
        p.answered,
        p.correct,
        p.passedAt ?? null,
        p.attestation ?? null,
      ],
    );
  }
}
