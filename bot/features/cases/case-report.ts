import { csvDocument } from "../../../lib/text/csv.js";
import type { Lang } from "../../kernel/i18n.js";
import type { OutboxRow } from "../broadcast/ports.js";
import { identities, type RosterMember } from "../roster/ports.js";
import type { CaseNotice } from "./case-notice.js";
import type { Acknowledgement } from "./ports.js";
import { caseStrings } from "./strings.js";

export interface CaseReport {
  notice: { id: number; title: string; publishedAt?: string | undefined };
  delivery: {
    targets: number;
    reached: number;
    pending: number;
    failed: {
      platform: string;
      chatId: string;
      title?: string | undefined;
      error?: string | undefined;
    }[];
  };
  acknowledged: number;
  /** Against the roster: expected readers, how many acknowledged, the rate. */
  byDepartment: { department: string; expected: number; acknowledged: number; rate: number }[];
  /** Roster members expected to read who have not acknowledged. */
  outstanding: RosterMember[];
  /** Acknowledgements from people not on the roster (or no roster loaded). */
  outsideRoster: Acknowledgement[];
  rosterLoaded: boolean;
  /** One line per expected reader and per acknowledgement outside the roster. */
  people: {
    name: string;
    department: string;
    platform?: string | undefined;
    userId?: string | undefined;
    acknowledgedAt?: string | undefined;
  }[];
}

export function buildReport(input: {
  notice: CaseNotice;
  rows: OutboxRow[];
  acks: Acknowledgement[];
  expected: RosterMember[];
  chatTitle: (row: OutboxRow) => string | undefined;
}): CaseReport {
  const { notice, rows, acks, expected } = input;
  const ackOf = (m: RosterMember): Acknowledgement | undefined =>
    acks.find((a) => m.ids[a.platform] === a.userId);
  const departments = new Map<string, { expected: number; acknowledged: number }>();
  const people: CaseReport["people"] = [];
  const outstanding: RosterMember[] = [];
  const matched = new Set<Acknowledgement>();
  for (const m of expected) {
    const d = departments.get(m.department) ?? { expected: 0, acknowledged: 0 };
    d.expected++;
    const ack = ackOf(m);
    if (ack) {
      d.acknowledged++;
      matched.add(ack);
    } else outstanding.push(m);
    departments.set(m.department, d);
    people.push({
      name: m.name,
      department: m.department,
      platform: ack?.platform,
      userId: ack?.userId ?? identities(m)[0]?.userId,
      acknowledgedAt: ack?.at,
    });
  }
  const outsideRoster = acks.filter((a) => !matched.has(a));
  for (const a of outsideRoster)
    people.push({
      name: a.userName ?? a.userId,
      department: "(不在名册)",
      platform: a.platform,
      userId: a.userId,
      acknowledgedAt: a.at,
    });
  return {
    notice: { id: notice.id, title: notice.title, publishedAt: notice.publishedAt },
    delivery: {
      targets: rows.length,
      reached: rows.filter((r) => r.state === "sent").length,
      pending: rows.filter((r) => r.state === "pending" || r.state === "sending").length,
      failed: rows
        .filter((r) => r.state === "failed")
        .map((r) => ({
          platform: r.platform,
          chatId: r.chatId,
          title: input.chatTitle(r),
          error: r.error,
        })),
    },
    acknowledged: acks.length,
    byDepartment: [...departments].map(([department, d]) => ({
      department,
      ...d,
      rate: d.expected === 0 ? 0 : d.acknowledged / d.expected,
    })),
    outstanding,
    outsideRoster,
    rosterLoaded: expected.length > 0,
    people,
  };
}

/** The report's people as CSV (UTF-8 with BOM so Excel opens Chinese correctly). */
export function reportCsv(report: CaseReport): string {
  const lines = [["name", "department", "platform", "user_id", "acknowledged", "acknowledged_at"]];
  for (const p of report.people)
    lines.push([
      p.name,
      p.department,
      p.platform ?? "",
      p.userId ?? "",
      p.acknowledgedAt ? "yes" : "no",
      p.acknowledgedAt ?? "",
    ]);
  return csvDocument(lines);
}

/** A short text summary for chat (in the chat's language) and the terminal. */
export function reportText(r: CaseReport, lang: Lang): string {
  const s = caseStrings(lang);
  const lines = [
    s.reportTitle(r.notice.id, r.notice.title),
    s.reportDelivery(
      r.delivery.reached,
      r.delivery.targets,
      r.delivery.pending,
      r.delivery.failed.length,
    ),
    s.reportAcknowledged(r.acknowledged),
  ];
  for (const f of r.delivery.failed)
    lines.push(s.reportFailed(f.title ?? f.chatId, f.platform, f.error ?? ""));
  if (!r.rosterLoaded) lines.push(s.reportNoRoster);
  for (const d of r.byDepartment)
    lines.push(
      s.reportDepartment(d.department, d.acknowledged, d.expected, Math.round(d.rate * 100)),
    );
  if (r.outstanding.length > 0)
    lines.push(s.reportOutstanding(r.outstanding.slice(0, 30), r.outstanding.length));
  return lines.join("\n");
}
