import type { Platform } from "../../kernel/events.js";
import { assertDistinctIdentities } from "./distinct-identities.js";
import type { Roster, RosterMember } from "./ports.js";

/** The roster in memory (the `memory` storage backend: tests, trials). Copies in and out. */
export class MemoryRoster implements Roster {
  private members: RosterMember[] = [];

  async replace(members: RosterMember[]): Promise<void> {
    assertDistinctIdentities(members);
    this.members = members.map(copy);
  }

  async all(): Promise<RosterMember[]> {
    return this.members
      .map(copy)
      .sort((a, b) => compare(a.department, b.department) || compare(a.name, b.name));
  }

  async byUser(platform: Platform, userId: string): Promise<RosterMember | undefined> {
    const found = this.members.find((m) => m.ids[platform] === userId);
    return found ? copy(found) : undefined;
  }
}

function copy(m: RosterMember): RosterMember {
  return { name: m.name, department: m.department, ids: { ...m.ids } };
}

/** Byte order of UTF-8, as SQLite's default collation sorts. */
function compare(a: string, b: string): number {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return Buffer.compare(x, y);
}
