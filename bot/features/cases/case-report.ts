import { csvDocument } from "../../../lib/text/csv.js";
import type { OutboxRow } from "../broadcast/ports.js";
import { identities, type RosterMember } from "../roster/ports.js";
import type { CaseNotice } from "./case-notice.js";
import type { Acknowledgement } from "./ports.js";

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

/** A short text summary for chat and the terminal. */
export function reportText(r: CaseReport): string {
  const lines = [
    `通报 #${r.notice.id}《${r.notice.title}》`,
    `送达：${r.delivery.reached}/${r.delivery.targets} 个群${r.delivery.pending ? `，待发送 ${r.delivery.pending}` : ""}${r.delivery.failed.length ? `，失败 ${r.delivery.failed.length}` : ""}`,
    `已阅并知晓：${r.acknowledged} 人`,
  ];
  for (const f of r.delivery.failed)
    lines.push(`  失败：${f.title ?? f.chatId}（${f.platform}）— ${f.error ?? ""}`);
  if (!r.rosterLoaded)
    lines.push("未导入人员名册：无法按科室统计（qingfeng roster import FILE.csv）。");
  for (const d of r.byDepartment)
    lines.push(
      `  ${d.department}：${d.acknowledged}/${d.expected}（${Math.round(d.rate * 100)}%）`,
    );
  if (r.outstanding.length > 0)
    lines.push(
      `未确认：${r.outstanding
        .slice(0, 30)
        .map((m) => `${m.name}（${m.department}）`)
        .join("、")}${r.outstanding.length > 30 ? ` 等 ${r.outstanding.length} 人` : ""}`,
    );
  return lines.join("\n");
}
