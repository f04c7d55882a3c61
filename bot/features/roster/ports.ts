import type { Platform } from "../../kernel/events.js";
import { ServiceKey } from "../../kernel/services.js";

export interface RosterMember {
  name: string;
  department: string;
  /**
   * The member's user id on each platform they use ("telegram" → "1001"), in
   * the order the roster listed them: the first is the one reports show.
   */
  ids: Readonly<Record<Platform, string>>;
}

export interface Roster {
  /** Replaces the whole roster at once (a half-written roster is never seen). */
  replace(members: RosterMember[]): Promise<void>;
  all(): Promise<RosterMember[]>;
  /** The member with this user id on this platform. */
  byUser(platform: Platform, userId: string): Promise<RosterMember | undefined>;
}

/** A member's platform identities, in roster order. */
export function identities(m: RosterMember): { platform: Platform; userId: string }[] {
  return Object.entries(m.ids).map(([platform, userId]) => ({ platform, userId }));
}

/** The roster, for the features that report against it (cases, campaigns). */
export const ROSTER = new ServiceKey<Roster>("roster");

/** Roster CSV in and out, for the CLI and the admin console alike. */
export { parseRoster } from "./parse-roster.js";
export { rosterCsv } from "./roster-csv.js";
