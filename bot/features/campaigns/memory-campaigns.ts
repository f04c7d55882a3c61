import type { Platform } from "../../kernel/events.js";
import {
  compareText,
  constraintFailed,
  IdRows,
  keyOf,
  type MemoryStorage,
} from "../../storage/memory.js";
import type { Campaign, CampaignProgress, CampaignSpec, CampaignStore } from "./campaign.js";

interface Row {
  id: number;
  name: string;
  /** The spec with its question ids, as the JSON column holds it. */
  spec: string;
  startAt: number;
  dueAt: number;
  createdBy: string;
  createdAt: string;
}

interface CampaignTables {
  campaigns: IdRows<Row>;
  progress: Map<string, CampaignProgress>;
}

/** Campaigns and each person's progress in them, in memory, as SqliteCampaigns keeps them. */
export class MemoryCampaigns implements CampaignStore {
  private readonly t: CampaignTables;

  constructor(
    storage: MemoryStorage,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.t = storage.table<CampaignTables>("campaigns", () => ({
      campaigns: new IdRows<Row>(),
      progress: new Map(),
    }));
  }

  async create(spec: CampaignSpec, questionIds: number[], by: string): Promise<Campaign> {
    const startAt = Date.parse(spec.start);
    const dueAt = Date.parse(spec.due);
    // NaN is stored as NULL, which the NOT NULL columns refuse.
    if (Number.isNaN(startAt) || Number.isNaN(dueAt))
      throw constraintFailed("a campaign needs a start and a due time");
    const row = this.t.campaigns.insert({
      name: spec.name,
      spec: JSON.stringify({ ...spec, questionIds }),
      startAt,
      dueAt,
      createdBy: by,
      createdAt: this.now().toISOString(),
    });
    return toCampaign(row);
  }

  async get(id: number): Promise<Campaign | undefined> {
    const row = this.t.campaigns.get(id);
    return row ? toCampaign(row) : undefined;
  }

  async list(): Promise<Campaign[]> {
    return this.t.campaigns.all().reverse().map(toCampaign);
  }

  async progress(
    campaignId: number,
    platform: Platform,
    userId: string,
  ): Promise<CampaignProgress | undefined> {
    const p = this.t.progress.get(keyOf(campaignId, platform, userId));
    return p ? { ...p } : undefined;
  }

  async allProgress(campaignId: number): Promise<CampaignProgress[]> {
    return [...this.t.progress.values()]
      .filter((p) => p.campaignId === campaignId)
      .sort((a, b) => compareText(a.platform, b.platform) || compareText(a.userId, b.userId))
      .map((p) => ({ ...p }));
  }

  async save(p: CampaignProgress): Promise<void> {
    if (!this.t.campaigns.get(p.campaignId))
      throw constraintFailed(`campaign #${p.campaignId} does not exist`);
    this.t.progress.set(keyOf(p.campaignId, p.platform, p.userId), {
      campaignId: p.campaignId,
      platform: p.platform,
      userId: p.userId,
      answered: p.answered,
      correct: p.correct,
      passedAt: p.passedAt,
      attestation: p.attestation,
    });
  }
}

function toCampaign(r: Row): Campaign {
  const spec = JSON.parse(r.spec) as CampaignSpec & { questionIds: number[] };
  return {
    id: r.id,
    name: r.name,
    spec,
    questionIds: spec.questionIds,
    startAt: r.startAt,
    dueAt: r.dueAt,
  };
}
