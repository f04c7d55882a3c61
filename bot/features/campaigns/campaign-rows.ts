import type { Platform } from "../../kernel/events.js";
import type { Campaign, CampaignProgress, CampaignSpec } from "./campaign.js";

// A campaign's rows as both SQL backends return them (same columns), and their records.

export interface Row {
  id: number;
  name: string;
  spec: string;
  start_at: number;
  due_at: number;
}

export interface ProgressRow {
  campaign_id: number;
  platform: Platform;
  user_id: string;
  answered: number;
  correct: number;
  passed_at: string | null;
  attestation: CampaignProgress["attestation"] | null;
}

export function toCampaign(r: Row): Campaign {
  const spec = JSON.parse(r.spec) as CampaignSpec & { questionIds: number[] };
  return {
    id: r.id,
    name: r.name,
    spec,
    questionIds: spec.questionIds,
    startAt: r.start_at,
    dueAt: r.due_at,
  };
}

export function toProgress(r: ProgressRow): CampaignProgress {
  return {
    campaignId: r.campaign_id,
    platform: r.platform,
    userId: r.user_id,
    answered: r.answered,
    correct: r.correct,
    passedAt: r.passed_at ?? undefined,
    attestation: r.attestation ?? undefined,
  };
}
