import type Database from "better-sqlite3";
import type { Platform } from "../../kernel/events.js";
import type { Roster, RosterMember } from "./ports.js";

interface Row {
  name: string;
  department: string;
  telegram_id: string | null;
  slack_id: string | null;
}

/** The staff roster: who should read notices and take campaigns, by department. */
export class SqliteRoster implements Roster {
  constructor(private readonly db: Database.Database) {}

  replace(members: RosterMember[]): void {
    this.db.transaction(() => {
      this.db.prepare("DELETE FROM roster").run();
      const insert = this.db.prepare(
        "INSERT INTO roster (name, department, telegram_id, slack_id) VALUES (?, ?, ?, ?)",
      );
      for (const m of members)
        insert.run(m.name, m.department, m.telegramId ?? null, m.slackId ?? null);
    })();
  }

  all(): RosterMember[] {
    return (this.db.prepare("SELECT * FROM roster ORDER BY department, name").all() as Row[]).map(
      toMember,
    );
  }

  byUser(platform: Platform, userId: string): RosterMember | undefined {
    const column =
      platform === "telegram" ? "telegram_id" : platform === "slack" ? "slack_id" : undefined;
    if (!column) return undefined;
    const row = this.db.prepare(`SELECT * FROM roster WHERE ${column} = ?`).get(userId) as
      | Row
      | undefined;
    return row ? toMember(row) : undefined;
  }
}

function toMember(r: Row): RosterMember {
  return {
    name: r.name,
    department: r.department,
    telegramId: r.telegram_id ?? undefined,
    slackId: r.slack_id ?? undefined,
  };
}
