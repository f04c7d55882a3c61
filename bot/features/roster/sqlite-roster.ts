import type Database from "better-sqlite3";
import type { Platform } from "../../kernel/events.js";
import { assertDistinctIdentities } from "./distinct-identities.js";
import type { Roster, RosterMember } from "./ports.js";

interface MemberRow {
  id: number;
  name: string;
  department: string;
}

interface IdentityRow {
  member: number;
  platform: string;
  user_id: string;
}

/** The staff roster on SQLite: members, and one row per platform identity (roster_identities). */
export class SqliteRoster implements Roster {
  constructor(private readonly db: Database.Database) {}

  async replace(members: RosterMember[]): Promise<void> {
    assertDistinctIdentities(members);
    this.db.transaction(() => {
      this.db.prepare("DELETE FROM roster_identities").run();
      this.db.prepare("DELETE FROM roster").run();
      const member = this.db.prepare("INSERT INTO roster (name, department) VALUES (?, ?)");
      const identity = this.db.prepare(
        "INSERT INTO roster_identities (member, platform, user_id) VALUES (?, ?, ?)",
      );
      for (const m of members) {
        const id = member.run(m.name, m.department).lastInsertRowid;
        for (const [platform, userId] of Object.entries(m.ids)) identity.run(id, platform, userId);
      }
    })();
  }

  async all(): Promise<RosterMember[]> {
    const members = this.db
      .prepare("SELECT id, name, department FROM roster ORDER BY department, name")
      .all() as MemberRow[];
    const ids = new Map<number, Record<Platform, string>>();
    for (const r of this.db
      .prepare("SELECT member, platform, user_id FROM roster_identities ORDER BY rowid")
      .all() as IdentityRow[]) {
      const own = ids.get(r.member) ?? {};
      own[r.platform] = r.user_id;
      ids.set(r.member, own);
    }
    return members.map((m) => ({
      name: m.name,
      department: m.department,
      ids: ids.get(m.id) ?? {},
    }));
  }

  async byUser(platform: Platform, userId: string): Promise<RosterMember | undefined> {
    const member = this.db
      .prepare(
        `SELECT r.id, r.name, r.department FROM roster_identities i JOIN roster r ON r.id = i.member
         WHERE i.platform = ? AND i.user_id = ?`,
      )
      .get(platform, userId) as MemberRow | undefined;
    if (!member) return undefined;
    const ids: Record<Platform, string> = {};
    for (const r of this.db
      .prepare("SELECT platform, user_id FROM roster_identities WHERE member = ? ORDER BY rowid")
      .all(member.id) as IdentityRow[])
      ids[r.platform] = r.user_id;
    return { name: member.name, department: member.department, ids };
  }
}
