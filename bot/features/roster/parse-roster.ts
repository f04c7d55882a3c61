import { parseCsv } from "../../../lib/text/csv.js";
import type { Platform } from "../../kernel/events.js";
import { QingfengError } from "./errors.js";
import type { RosterMember } from "./ports.js";

/** A header cell: the name, the department, or a platform's user id. */
type Column = { kind: "name" } | { kind: "department" } | { kind: "id"; platform: Platform };

const NAME = /^(name|姓名|名字)$/i;
const DEPARTMENT = /^(department|dept|科室|部门)$/i;
/** `<platform>_id`, `<platform> user id`, … : any platform, so a new one needs no code here. */
const PLATFORM_ID = /^([a-z][a-z0-9-]+?)[ _]?(user[ _]?)?id$/i;
/** Headers the first rosters used for the first two platforms. */
const BARE: Record<string, Platform> = { telegram: "telegram", tg: "telegram", slack: "slack" };

/**
 * What ids look like where the platform fixes a format; a typo caught at
 * import rather than as a person who never matches. Other platforms' ids are
 * taken as given.
 */
const ID_FORMATS: Record<Platform, { pattern: RegExp; problem: (id: string) => string }> = {
  telegram: { pattern: /^-?\d+$/, problem: (id) => `Telegram user id "${id}" is not a number` },
  slack: {
    pattern: /^[UW][A-Z0-9]{2,}$/,
    problem: (id) => `Slack user id "${id}" should look like U0123ABC`,
  },
};

/** Columns of a roster without a header row, as the first rosters were written. */
const HEADERLESS: Column[] = [
  { kind: "name" },
  { kind: "department" },
  { kind: "id", platform: "telegram" },
  { kind: "id", platform: "slack" },
];

function column(header: string): Column | undefined {
  if (NAME.test(header)) return { kind: "name" };
  if (DEPARTMENT.test(header)) return { kind: "department" };
  const bare = BARE[header.toLowerCase()];
  if (bare) return { kind: "id", platform: bare };
  const m = PLATFORM_ID.exec(header);
  const platform = m?.[1]?.toLowerCase();
  return platform ? { kind: "id", platform: BARE[platform] ?? platform } : undefined;
}

/**
 * Reads a staff roster CSV: name, department and a user id column per
 * platform (`telegram_id`, `slack_id`, `wecom_id`, …; a header row in English
 * or Chinese may name them in any order). Every bad line is reported together
 * and nothing is imported, so a half-read roster never replaces a good one.
 */
export function parseRoster(csv: string): RosterMember[] {
  const rows = parseCsv(csv.replace(/^\uFEFF/, "")).filter((r) => r.some((c) => c.trim() !== ""));
  if (rows.length === 0) throw new QingfengError("ROSTER_INVALID", "The roster is empty.");
  const mapped = (rows[0] ?? []).map((c) => column(c.trim()));
  const hasHeader = mapped.some((c) => c?.kind === "name");
  const order = hasHeader ? mapped : HEADERLESS;
  const problems: string[] = [];
  const members: RosterMember[] = [];
  const seen = new Map<string, number>();
  rows.slice(hasHeader ? 1 : 0).forEach((row, i) => {
    const line = i + (hasHeader ? 2 : 1);
    let name: string | undefined;
    let department: string | undefined;
    const ids: Record<Platform, string> = {};
    order.forEach((col, n) => {
      const v = row[n]?.trim();
      if (!col || !v) return;
      if (col.kind === "name") name = v;
      else if (col.kind === "department") department = v;
      else ids[col.platform] = v;
    });
    if (!name || !department) {
      problems.push(`line ${line}: name and department are required`);
      return;
    }
    for (const [platform, userId] of Object.entries(ids)) {
      const format = ID_FORMATS[platform];
      if (format && !format.pattern.test(userId))
        problems.push(`line ${line}: ${format.problem(userId)}`);
      const key = `${platform}:${userId}`;
      const first = seen.get(key);
      if (first !== undefined) problems.push(`line ${line}: ${key} already on line ${first}`);
      else seen.set(key, line);
    }
    members.push({ name, department, ids });
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
