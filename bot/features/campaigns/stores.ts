import type { Storage } from "../../kernel/storage.js";
import { sqliteOf } from "../../storage/sqlite.js";
import type { CampaignStore } from "./campaign.js";
import { SqliteCampaigns } from "./sqlite-campaigns.js";

export function openCampaignStore(storage: Storage, now: () => number): CampaignStore {
  return new SqliteCampaigns(sqliteOf(storage), () => new Date(now()));
}
