import { describe } from "vitest";
import { openCampaignStore } from "../../../../bot/features/campaigns/stores.js";
import { BACKENDS } from "../../../contracts/backends.js";
import { campaignStoreContract } from "../../../contracts/campaign-store.contract.js";

describe.each(BACKENDS)("campaign store on $name", (backend) => {
  backend.hooks();
  campaignStoreContract((now) => {
    const { storage, close } = backend.open();
    return { store: openCampaignStore(storage, now), close };
  });
});
