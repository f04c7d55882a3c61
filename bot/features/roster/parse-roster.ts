import { parseCsv } from "../../../lib/text/csv.js";
import { QingfengError } from "./errors.js";
import type { RosterMember } from "./ports.js";

const COLUMNS: { key: keyof RosterMember; pattern: RegExp }[] = [
  { key: "name", pattern: /^(name|姓名|名字)$/i },
  { key: "department", pattern: /^(department|dept|科室|部门)$/i },
  { key: "telegramId", pattern: /^(telegram|telegram[ _]?(user[ _]?)?id|tg)$/i },
  { key: "slackId", pattern: /^(slack|slack[ _]?(user[ _]?)?id)$/i },
];

/**
 * Reads a staff roster CSV: name, department, Telegram user id, Slack user id
 * (a header row in English or Chinese may name them in any order). Every bad
 * line is reported together and nothing is imported, so a half-read roster
 * never replaces a good one.
 */
export function parseRoster(csv: string): RosterMember[] {
  const rows = parseCsv(csv.replace(/^\uFEFF/, "")).filter((r) => r.some((c) => c.trim() !== ""));
  if (rows.length === 0) throw new QingfengError("ROSTER_INVALID", "The roster is empty.");
  const header = rows[0]?.map((c) => c.trim()) ?? [];
  const mapped = header.map((h) => COLUMNS.find((c) => c.pattern.test(h))?.key);
  const hasHeader = mapped.includes("name");
  const order: (keyof RosterMember | undefined)[] = hasHeader
    ? mapped
    : ["name", "department", "telegramId", "slackId"];
  const problems: string[] = [];
  const members: RosterMember[] = [];
  const seen = new Map<string, number>();
  rows.slice(hasHeader ? 1 : 0).forEach((row, i) => {
    const line = i + (hasHeader ? 2 : 1);
    const m: Partial<Record<keyof RosterMember, string>> = {};
    order.forEach((key, col) => {
      const v = row[col]?.trim();
      if (key && v) m[key] = v;
    });
    if (!m.name || !m.department) {
      problems.push(`line ${line}: name and department are required`);
      return;
    }
    if (m.telegramId && !/^-?\d+$/.test(m.telegramId))
      problems.push(`line ${line}: Telegram user id "${m.telegramId}" is not a number`);
    if (m.slackId && !/^[UW][A-Z0-9]{2,}$/.test(m.slackId))
      problems.push(`line ${line}: Slack user id "${m.slackId}" should look like U0123ABC`);
    for (const id of [
      m.telegramId && `telegram:${m.telegramId}`,
      m.slackId && `slack:${m.slackId}`,
    ]) {
      if (!id) continue;
      const first = seen.get(id);
      if (first !== undefined) problems.push(`line ${line}: ${id} already on line ${first}`);
      else seen.set(id, line);
    }
    members.push({
      name: m.name,
      department: m.department,
      telegramId: m.telegramId,
      slackId: m.slackId,
    });
  });
  if (problems.length > 0)
    throw new QingfengError(
      "ROSTER_INVALID",
      `The roster was not imported:\n  ${problems.slice(0, 20).join("\n  ")}${problems.length > 20 ? `\n  … ${problems.length - 20} more` : ""}`,
    );
  // An empty import would wipe the roster: never what was meant.
  if (members.length === 0)
    throw new QingfengError("ROSTER_INVALID", "The roster lists nobody (only a header?).");
  return members;
}
