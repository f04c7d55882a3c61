import type Database from "better-sqlite3";
import type { Platform } from "../../kernel/events.js";
import type { Campaign, CampaignProgress, CampaignSpec } from "./campaign.js";
import { type ProgressRow, type Row, toCampaign, toProgress } from "./campaign-rows.js";

/** Campaigns and each person's progress in them. */
export class SqliteCampaigns {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(spec: CampaignSpec, questionIds: number[], by: string): Promise<Campaign> {
    const info = this.db
      .prepare(
        "INSERT INTO campaigns (name, spec, start_at, due_at, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)",
      )
      .run(
        spec.name,
        JSON.stringify({ ...spec, questionIds }),
        Date.parse(spec.start),
        Date.parse(spec.due),
        by,
        this.now().toISOString(),
      );
    return (await this.get(Number(info.lastInsertRowid))) as Campaign;
  }

  async get(id: number): Promise<Campaign | undefined> {
    const row = this.db.prepare("SELECT * FROM campaigns WHERE id = ?").get(id) as Row | undefined;
    return row ? toCampaign(row) : undefined;
  }

  async list(): Promise<Campaign[]> {
    return (this.db.prepare("SELECT * FROM campaigns ORDER BY id DESC").all() as Row[]).map(
      toCampaign,
    );
  }

  async progress(
    campaignId: number,
    platform: Platform,
    userId: string,
  ): Promise<CampaignProgress | undefined> {
    const row = this.db
      .prepare(
        "SELECT * FROM campaign_progress WHERE campaign_id = ? AND platform = ? AND user_id = ?",
      )
      .get(campaignId, platform, userId) as ProgressRow | undefined;
    return row ? toProgress(row) : undefined;
  }

  async allProgress(campaignId: number): Promise<CampaignProgress[]> {
    return (
      this.db
        .prepare("SELECT * FROM campaign_progress WHERE campaign_id = ?")
        .all(campaignId) as ProgressRow[]
    ).map(toProgress);
  }

  async save(p: CampaignProgress): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO campaign_progress (campaign_id, platform, user_id, answered, correct, passed_at, attestation)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(campaign_id, platform, user_id) DO UPDATE SET answered = excluded.answered,
           correct = excluded.correct, passed_at = excluded.passed_at, attestation = excluded.attestation`,
      )
      .run(
        p.campaignId,
        p.platform,
        p.userId,
        p.answered,
        p.correct,
        p.passedAt ?? null,
        p.attestation ?? null,
      );
  }
}
