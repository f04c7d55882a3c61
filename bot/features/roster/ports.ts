import type { Platform } from "../../kernel/events.js";
import { ServiceKey } from "../../kernel/services.js";

export interface RosterMember {
  name: string;
  department: string;
  telegramId?: string | undefined;
  slackId?: string | undefined;
}

export interface Roster {
  /** Replaces the whole roster in one transaction. */
  replace(members: RosterMember[]): void;
  all(): RosterMember[];
  byUser(platform: Platform, userId: string): RosterMember | undefined;
}

/** The roster, for the features that report against it (cases, campaigns). */
export const ROSTER = new ServiceKey<Roster>("roster");
