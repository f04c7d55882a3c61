import { ServiceKey } from "../../kernel/services.js";
import type { CampaignService } from "./campaign-service.js";

export type { CampaignService } from "./campaign-service.js";

/** Training campaigns, for the CLI verbs and tests that drive them directly. */
export const CAMPAIGNS = new ServiceKey<CampaignService>("campaigns");
