import { csvDocument } from "../../../lib/text/csv.js";
import type { Platform } from "../../kernel/events.js";
import type { RosterMember } from "./ports.js";

/**
 * The roster as `qingfeng roster import` reads it: name, department and one
 * `<platform>_id` column per platform anyone on it uses, in order of first use.
 */
export function rosterCsv(members: RosterMember[]): string {
  const platforms: Platform[] = [];
  for (const m of members)
    for (const platform of Object.keys(m.ids))
      if (!platforms.includes(platform)) platforms.push(platform);
  return csvDocument([
    ["name", "department", ...platforms.map((p) => `${p}_id`)],
    ...members.map((m) => [m.name, m.department, ...platforms.map((p) => m.ids[p] ?? "")]),
  ]);
}
