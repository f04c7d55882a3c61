import type { Storage } from "../../kernel/storage.js";
import { memoryOf } from "../../storage/memory.js";
import { postgresOf } from "../../storage/postgres.js";
import { sqliteOf } from "../../storage/sqlite.js";
import type { CampaignStore } from "./campaign.js";
import { MemoryCampaigns } from "./memory-campaigns.js";
import { PostgresCampaigns } from "./postgres-campaigns.js";
import { SqliteCampaigns } from "./sqlite-campaigns.js";

export function openCampaignStore(storage: Storage, now: () => number): CampaignStore {
  const clock = () => new Date(now());
  if (storage.backend === "memory") return new MemoryCampaigns(memoryOf(storage), clock);
  if (storage.backend === "postgres") return new PostgresCampaigns(postgresOf(storage), clock);
  return new SqliteCampaigns(sqliteOf(storage), clock);
}
