import type { SharedState } from "../../kernel/shared-state.js";

const SCOPE = "campaigns.session";
/** A campaign taken in a DM is answered within hours, not days. */
const TTL_MS = 12 * 3_600_000;

/** Which campaign each user is taking, in SharedState (any instance takes their next answer). */
export class CampaignSessions {
  constructor(private readonly state: SharedState) {}

  get(key: string): Promise<number | undefined> {
    return this.state.get<number>(SCOPE, key);
  }

  set(key: string, campaignId: number): Promise<void> {
    return this.state.set(SCOPE, key, campaignId, TTL_MS);
  }

  delete(key: string): Promise<void> {
    return this.state.delete(SCOPE, key);
  }
}
