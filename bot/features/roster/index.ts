import type { FeatureDescriptor } from "../../kernel/feature.js";
import { ROSTER } from "./ports.js";
import { POSTGRES_MIGRATIONS } from "./postgres-schema.js";
import { SQLITE_MIGRATIONS } from "./sqlite-schema.js";
import { openRoster } from "./stores.js";

/**
 * The staff roster (name, department, platform ids), imported from CSV by
 * `qingfeng roster import`: who should read a notice or take a campaign.
 */
export const rosterFeature: FeatureDescriptor = {
  name: "roster",
  migrations: { sqlite: SQLITE_MIGRATIONS, postgres: POSTGRES_MIGRATIONS },
  open(env) {
    env.services.provide(ROSTER, openRoster(env.storage));
    return {};
  },
};
