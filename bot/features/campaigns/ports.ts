import { ServiceKey } from "../../kernel/services.js";
import type { CampaignService } from "./campaign-service.js";

export type { CampaignService } from "./campaign-service.js";

/** Training campaigns, for the CLI verbs and tests that drive them directly. */
export const CAMPAIGNS = new ServiceKey<CampaignService>("campaigns");

/** Campaign specs, reports and their CSV, for the CLI and the admin console alike. */
export { type Campaign, type CampaignSpec, parseCampaignSpec } from "./campaign.js";
export {
  type CampaignReport,
  COVERAGE_TARGET,
  campaignReportCsv,
} from "./campaign-service.js";
