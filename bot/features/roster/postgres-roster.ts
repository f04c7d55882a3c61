import type pg from "pg";
import { PgQueries } from "../../../knowledge/store/pg-queries.js";
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

/** The staff roster on PostgreSQL: members, and one row per platform identity. */
export class PostgresRoster implements Roster {
  private readonly q: PgQueries;

  constructor(pool: pg.Pool) {
    this.q = new PgQueries(pool);
  }

  async replace(members: RosterMember[]): Promise<void> {
    assertDistinctIdentities(members);
    await this.q.tx(async (q) => {
      await q.run("DELETE FROM roster_identities");
      await q.run("DELETE FROM roster");
      for (const m of members) {
        const row = await q.row<{ id: number }>(
          "INSERT INTO roster (name, department) VALUES ($1, $2) RETURNING id",
          [m.name, m.department],
        );
        for (const [platform, userId] of Object.entries(m.ids))
          await q.run(
            "INSERT INTO roster_identities (member, platform, user_id) VALUES ($1, $2, $3)",
            [row?.id, platform, userId],
          );
      }
    });
  }

  async all(): Promise<RosterMember[]> {
    const members = await this.q.rows<MemberRow>(
      "SELECT id, name, department FROM roster ORDER BY department, name",
    );
    const ids = new Map<number, Record<Platform, string>>();
    for (const r of await this.q.rows<IdentityRow>(
      "SELECT member, platform, user_id FROM roster_identities ORDER BY seq",
    )) {
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
    const member = await this.q.row<MemberRow>(
      `SELECT r.id, r.name, r.department FROM roster_identities i JOIN roster r ON r.id = i.member
       WHERE i.platform = $1 AND i.user_id = $2`,
      [platform, userId],
    );
    if (!member) return undefined;
    const ids: Record<Platform, string> = {};
    for (const r of await this.q.rows<IdentityRow>(
      "SELECT platform, user_id FROM roster_identities WHERE member = $1 ORDER BY seq",
      [member.id],
    ))
      ids[r.platform] = r.user_id;
    return { name: member.name, department: member.department, ids };
  }
}
