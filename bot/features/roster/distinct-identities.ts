import { QingfengError } from "./errors.js";
import type { RosterMember } from "./ports.js";

/** One person per platform identity: every store refuses a roster that gives an id twice. */
export function assertDistinctIdentities(members: RosterMember[]): void {
  const seen = new Set<string>();
  for (const m of members)
    for (const [platform, userId] of Object.entries(m.ids)) {
      const key = `${platform}:${userId}`;
      if (seen.has(key))
        throw new QingfengError("ROSTER_INVALID", `${key} is given to more than one person.`);
      seen.add(key);
    }
}
