import { AudienceMap } from "../../../knowledge/quiz/audiences.js";
import type { StoredQuestion } from "../../../knowledge/quiz/question-types.js";
import { localDate } from "../../../lib/local-time.js";
import { csvDocument } from "../../../lib/text/csv.js";
import { QingfengError } from "../../kernel/errors.js";
import type { Platform } from "../../kernel/events.js";
import type { OutMessage } from "../../kernel/out-message.js";
import type { ChatDirectory } from "../../kernel/ports.js";
import type { Outbox, OutboxRow } from "../broadcast/ports.js";
import type { QuizService } from "../quiz/ports.js";
import { identities, type Roster, type RosterMember } from "../roster/ports.js";
import {
  type Campaign,
  type CampaignProgress,
  type CampaignSpec,
  type CampaignStore,
  dueReminder,
  isDone,
} from "./campaign.js";
import { campaignStrings } from "./strings.js";

export const COVERAGE_TARGET = 0.98;

/** The roles a campaign draws questions for: its own, else its departments' when all have one. */
export function campaignRoles(spec: CampaignSpec): string[] {
  if (spec.audience.roles && spec.audience.roles.length > 0) return spec.audience.roles;
  const map = AudienceMap.shipped();
  const roles = (spec.audience.departments ?? []).map((d) => map.ofDepartment(d));
  if (roles.length === 0 || roles.some((r) => r === undefined)) return [];
  return [...new Set(roles as string[])];
}

/**
 * `count` questions: those no earlier campaign asked before those it did,
 * then one kind of conduct after another, so a campaign covers many red
 * lines rather than many variants of one.
 */
function freshAndSpread(
  pool: StoredQuestion[],
  used: ReadonlySet<number>,
  count: number,
): number[] {
  const fresh = pool.filter((q) => !used.has(q.id));
  const again = pool.filter((q) => used.has(q.id));
  return [...spread(fresh), ...spread(again)].slice(0, count).map((q) => q.id);
}

/** Questions one kind of conduct after another (round robin), each kind in id order. */
function spread(questions: StoredQuestion[]): StoredQuestion[] {
  const byKind = new Map<string, StoredQuestion[]>();
  for (const q of [...questions].sort((a, b) => a.id - b.id)) {
    const key = q.conduct ?? `#${q.origin}`;
    byKind.set(key, [...(byKind.get(key) ?? []), q]);
  }
  const groups = [...byKind.values()];
  const out: StoredQuestion[] = [];
  for (let round = 0; groups.some((g) => g.length > round); round++)
    for (const g of groups) {
      const q = g[round];
      if (q) out.push(q);
    }
  return out;
}

export interface CampaignReport {
  campaign: {
    id: number;
    name: string;
    start: string;
    due: string;
    passMark: number;
    questions: number;
  };
  departments: {
    department: string;
    expected: number;
    done: number;
    attempted: number;
    passed: number;
    completion: number;
    passRate: number;
  }[];
  expected: number;
  done: number;
  coverage: number;
  target: number;
  meetsTarget: boolean;
  outstanding: RosterMember[];
  people: {
    name: string;
    department: string;
    platform?: Platform | undefined;
    userId?: string | undefined;
    answered: number;
    correct: number;
    passedAt?: string | undefined;
    attestation?: string | undefined;
    done: boolean;
  }[];
}

/**
 * Training campaigns: a fixed set of questions for an audience, a window,
 * a pass mark and an optional zero-report attestation; reminders only to
 * people not done; reports per department against the roster and the 98%
 * coverage target.
 */
export class CampaignService {
  constructor(
    private readonly d: {
      store: CampaignStore;
      quiz: QuizService;
      roster: Roster;
      outbox: Outbox;
      /** The chats the bot has seen: a reminder speaks its target's language. */
      chats: Pick<ChatDirectory, "get">;
      now: () => number;
      /** The offset people read deadlines in (QINGFENG_UTC_OFFSET). */
      utcOffsetMinutes: number;
      contact: string;
      onQueued?: (() => void) | undefined;
    },
  ) {}

  /** The day of a start or deadline as the people reading it live it (not the UTC day). */
  localDay(at: number | string): string {
    return localDate(at, this.d.utcOffsetMinutes);
  }

  /**
   * Creates a campaign. Fixed question ids are taken as the admin chose them;
   * otherwise approved staff questions (task-table facts only with adminFacts)
   * with the tags, for the campaign's roles: questions no earlier campaign
   * asked first, spread over kinds of conduct, so each campaign draws fresh ones.
   */
  async create(spec: CampaignSpec, by: string): Promise<Campaign> {
    let ids: number[];
    if (spec.questionIds && spec.questionIds.length > 0) {
      const ok = new Set((await this.d.quiz.approved()).map((q) => q.id));
      const missing = spec.questionIds.filter((id) => !ok.has(id));
      if (missing.length > 0)
        throw new QingfengError(
          "BAD_INPUT",
          `Questions ${missing.join(", ")} are not approved (or do not exist).`,
        );
      ids = spec.questionIds;
    } else {
      const roles = campaignRoles(spec);
      const pool = await this.d.quiz.forStaff({
        tags: spec.tags ?? [],
        audiences: roles,
        includeAdminOnly: spec.adminFacts === true,
      });
      const used = new Set((await this.d.store.list()).flatMap((c) => c.questionIds));
      ids = freshAndSpread(pool, used, spec.count ?? 10);
    }
    if (ids.length === 0)
      throw new QingfengError(
        "BAD_INPUT",
        "No approved questions match: approve some (qingfeng quiz approve) or change tags or roles.",
      );
    return await this.d.store.create(spec, ids, by);
  }

  async get(id: number): Promise<Campaign | undefined> {
    return await this.d.store.get(id);
  }

  async list(): Promise<Campaign[]> {
    return await this.d.store.list();
  }

  /** Campaigns open now, newest first. */
  async active(): Promise<Campaign[]> {
    const now = this.d.now();
    return (await this.d.store.list()).filter((c) => c.startAt <= now);
  }

  async progress(c: Campaign, platform: Platform, userId: string): Promise<CampaignProgress> {
    return (
      (await this.d.store.progress(c.id, platform, userId)) ?? {
        campaignId: c.id,
        platform,
        userId,
        answered: 0,
        correct: 0,
      }
    );
  }

  /** The next question of a person's attempt; a failed finished attempt starts over. */
  async nextQuestion(
    c: Campaign,
    platform: Platform,
    userId: string,
  ): Promise<{ questionId?: number; index: number; restarted: boolean }> {
    let p = await this.progress(c, platform, userId);
    let restarted = false;
    if (p.answered >= c.questionIds.length && !p.passedAt) {
      p = { ...p, answered: 0, correct: 0 };
      await this.d.store.save(p);
      restarted = true;
    }
    return { questionId: c.questionIds[p.answered], index: p.answered, restarted };
  }

  /** Counts an answer to the current question of the attempt; says when the attempt ends. */
  async recordAnswer(
    c: Campaign,
    platform: Platform,
    userId: string,
    questionId: number,
    correct: boolean,
  ) {
    const p = await this.progress(c, platform, userId);
    if (p.passedAt || c.questionIds[p.answered] !== questionId)
      return { finished: false, passed: Boolean(p.passedAt), progress: p };
    const next: CampaignProgress = {
      ...p,
      answered: p.answered + 1,
      correct: p.correct + (correct ? 1 : 0),
    };
    const finished = next.answered >= c.questionIds.length;
    const passed = finished && next.correct / c.questionIds.length >= c.spec.passMark;
    if (passed) next.passedAt = new Date(this.d.now()).toISOString();
    await this.d.store.save(next);
    return { finished, passed, progress: next };
  }

  async attest(
    c: Campaign,
    platform: Platform,
    userId: string,
    answer: "zero-report" | "report",
  ): Promise<void> {
    const p = await this.progress(c, platform, userId);
    if (!p.passedAt) throw new QingfengError("BAD_INPUT", "Pass the campaign's questions first.");
    await this.d.store.save({ ...p, attestation: answer });
  }

  /** Roster members expected to take the campaign. */
  async expected(c: Campaign): Promise<RosterMember[]> {
    const departments = c.spec.audience.departments ?? [];
    const roster = await this.d.roster.all();
    return departments.length > 0
      ? roster.filter((m) => departments.includes(m.department))
      : roster;
  }

  async outstanding(c: Campaign): Promise<RosterMember[]> {
    const out: RosterMember[] = [];
    for (const m of await this.expected(c)) if (!(await this.memberDone(c, m))) out.push(m);
    return out;
  }

  async report(id: number): Promise<CampaignReport> {
    const c = await this.d.store.get(id);
    if (!c) throw new QingfengError("NOT_FOUND", `No campaign #${id}: see qingfeng campaign list.`);
    const people: CampaignReport["people"] = [];
    const byDept = new Map<string, CampaignReport["departments"][number]>();
    for (const m of await this.expected(c)) {
      const p = await this.memberProgress(c, m);
      const done = isDone(c, p);
      const d = byDept.get(m.department) ?? {
        department: m.department,
        expected: 0,
        done: 0,
        attempted: 0,
        passed: 0,
        completion: 0,
        passRate: 0,
      };
      d.expected++;
      if (done) d.done++;
      if (p) d.attempted++;
      if (p?.passedAt) d.passed++;
      byDept.set(m.department, d);
      people.push({
        name: m.name,
        department: m.department,
        platform: p?.platform,
        userId: p?.userId ?? identities(m)[0]?.userId,
        answered: p?.answered ?? 0,
        correct: p?.correct ?? 0,
        passedAt: p?.passedAt,
        attestation: p?.attestation,
        done,
      });
    }
    const departments = [...byDept.values()].map((d) => ({
      ...d,
      completion: d.expected ? d.done / d.expected : 0,
      passRate: d.attempted ? d.passed / d.attempted : 0,
    }));
    const expected = people.length;
    const done = people.filter((p) => p.done).length;
    const coverage = expected ? done / expected : 0;
    return {
      campaign: {
        id: c.id,
        name: c.name,
        start: new Date(c.startAt).toISOString(),
        due: new Date(c.dueAt).toISOString(),
        passMark: c.spec.passMark,
        questions: c.questionIds.length,
      },
      departments,
      expected,
      done,
      coverage,
      target: COVERAGE_TARGET,
      meetsTarget: coverage >= COVERAGE_TARGET,
      outstanding: await this.outstanding(c),
      people,
    };
  }

  /**
   * Queues the reminder due now for each open campaign: to the audience
   * groups at the start, and by DM to roster members not yet done.
   */
  async plan(now = this.d.now()): Promise<number> {
    let queued = 0;
    for (const c of await this.d.store.list()) {
      const due = dueReminder(c, now);
      if (!due) continue;
      const periodKey = `campaign:${c.id}:${due.key}`;
      if (await this.d.outbox.hasPeriod(periodKey)) continue;
      // A DM on every platform the member uses: the chat with a user has the user's id.
      const people = (await this.outstanding(c)).flatMap((m) =>
        identities(m).map((i) => ({ platform: i.platform, chatId: i.userId })),
      );
      const groups =
        due.kind === "start"
          ? (c.spec.audience.groups ?? []).map((g) => {
              const [platform, ...rest] = g.split(":");
              return { platform: platform as Platform, chatId: rest.join(":") };
            })
          : [];
      await this.d.outbox.enqueue(
        {
          kind: "campaign",
          tags: [],
          sendAt: now,
          periodKey,
          payload: { campaignId: c.id, reminder: due.kind },
          createdBy: "planner",
        },
        [...groups, ...people],
      );
      queued++;
    }
    if (queued > 0) this.d.onQueued?.();
    return queued;
  }

  /** The reminder message for an outbox row of a campaign broadcast, in the target chat's language. */
  async render(row: OutboxRow): Promise<OutMessage | undefined> {
    const b = await this.d.outbox.broadcast(row.broadcastId);
    if (b?.kind !== "campaign") return undefined;
    const c = await this.d.store.get(Number(b.payload?.campaignId));
    if (!c) return undefined;
    const due = this.localDay(c.dueAt);
    const t = campaignStrings((await this.d.chats.get(row.platform, row.chatId))?.language ?? "zh");
    const start = t.reminderStart(
      c.name,
      c.questionIds.length,
      Math.round(c.spec.passMark * 100),
      due,
    );
    const lead: Record<string, string> = {
      start,
      "due-3": t.reminderDue3(c.name, due),
      "due-1": t.reminderDue1(c.name, due),
      overdue: t.reminderOverdue(c.name, due),
    };
    return {
      sections: [
        { kind: "title", text: t.reminderTitle },
        { kind: "text", text: lead[String(b.payload?.reminder)] ?? start },
        { kind: "note", text: t.reminderHint(c.id) },
      ],
      buttons: [[{ label: t.reminderButton, data: `cp:go:${c.id}` }]],
    };
  }

  contact(): string {
    return this.d.contact;
  }

  private async memberProgress(
    c: Campaign,
    m: RosterMember,
  ): Promise<CampaignProgress | undefined> {
    // Progress on any of the member's platforms counts; a finished one wins.
    let first: CampaignProgress | undefined;
    for (const i of identities(m)) {
      const p = await this.d.store.progress(c.id, i.platform, i.userId);
      if (p && isDone(c, p)) return p;
      first ??= p;
    }
    return first;
  }

  private async memberDone(c: Campaign, m: RosterMember): Promise<boolean> {
    return isDone(c, await this.memberProgress(c, m));
  }
}

export function campaignReportCsv(r: CampaignReport): string {
  const lines = [
    [
      "name",
      "department",
      "platform",
      "user_id",
      "answered",
      "correct",
      "passed_at",
      "attestation",
      "done",
    ],
  ];
  for (const p of r.people)
    lines.push([
      p.name,
      p.department,
      p.platform ?? "",
      p.userId ?? "",
      String(p.answered),
      String(p.correct),
      p.passedAt ?? "",
      p.attestation ?? "",
      p.done ? "yes" : "no",
    ]);
  return csvDocument(lines);
}

export function campaignReportText(r: CampaignReport, utcOffsetMinutes: number): string {
  const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
  const when = (iso: string) => localDate(iso, utcOffsetMinutes);
  const lines = [
    `培训 #${r.campaign.id}《${r.campaign.name}》 ${when(r.campaign.start)} — ${when(r.campaign.due)}，${r.campaign.questions} 题，及格 ${pct(r.campaign.passMark)}`,
    `覆盖率：${r.done}/${r.expected}（${pct(r.coverage)}），目标 ${pct(r.target)}：${r.meetsTarget ? "已达标" : "未达标"}`,
  ];
  for (const d of r.departments)
    lines.push(
      `  ${d.department}：完成 ${d.done}/${d.expected}（${pct(d.completion)}），通过率 ${pct(d.passRate)}`,
    );
  if (r.expected === 0) lines.push("未导入人员名册：qingfeng roster import FILE.csv");
  if (r.outstanding.length > 0)
    lines.push(
      `未完成：${r.outstanding
        .slice(0, 30)
        .map((m) => `${m.name}（${m.department}）`)
        .join("、")}${r.outstanding.length > 30 ? ` 等 ${r.outstanding.length} 人` : ""}`,
    );
  return lines.join("\n");
}
