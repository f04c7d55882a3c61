import type { Platform } from "../../kernel/events.js";
import type { OutMessage } from "../../kernel/out-message.js";
import type { ChatDirectory, ChatRecord } from "../../kernel/ports.js";
import type { Broadcast, Outbox, OutboxRow, Progress } from "../broadcast/ports.js";
import type { Roster, RosterMember } from "../roster/ports.js";
import { anonymise } from "./anonymise.js";
import type { CaseFields, CaseNotice, LinkedClause } from "./case-notice.js";
import { buildReport, type CaseReport } from "./case-report.js";
import { QingfengError } from "./errors.js";
import type { AckStore, CaseStore, ClauseLinker } from "./ports.js";
import { renderDigest, renderNotice, renderReminder } from "./render-notice.js";

export interface CaseServiceDeps {
  cases: CaseStore & AckStore;
  outbox: Outbox;
  chats: ChatDirectory;
  roster: Roster;
  linker: ClauseLinker;
  now: () => number;
  /** Days after publishing to remind groups with unacknowledged roster members. */
  reminderDays: number[];
  /** A weekly digest of the week's notices, Mondays 09:00 local time. */
  digest: "off" | "weekly";
  /** Local time for schedules and digests (China: +480). */
  utcOffsetMinutes: number;
  /** Called after something was queued, so a dispatcher in this process sends at once. */
  onQueued?: (() => void) | undefined;
}

export interface CaseStatus extends Progress {
  acknowledged: number;
  state: Broadcast["state"] | "draft";
  sendAt?: string | undefined;
}

const DAY = 86_400_000;

/**
 * Everything admins do with case notices, for the chat commands and the CLI
 * alike: draft (anonymised, clauses proposed), edit, publish (outbox rows in
 * one transaction), pause/resume/cancel, acknowledge, status, report, and the
 * planned sends — reminders and the weekly digest.
 */
export class CaseService {
  constructor(private readonly d: CaseServiceDeps) {}

  async draft(
    fields: CaseFields,
    options: { by: string; anonymise?: boolean; correctsId?: number },
  ): Promise<CaseNotice> {
    if (options.correctsId !== undefined) {
      const original = this.mustGet(options.correctsId);
      if (original.status !== "published")
        throw new QingfengError(
          "CASE_INVALID",
          `Notice #${original.id} is a draft: edit it instead of correcting it.`,
        );
    }
    const clean = options.anonymise === false ? fields : anonymise(fields);
    const clauses = await this.d.linker.propose(`${clean.facts}\n${clean.violations ?? ""}`);
    return this.d.cases.createDraft(clean, clauses, options.by, options.correctsId);
  }

  get(id: number): CaseNotice | undefined {
    return this.d.cases.get(id);
  }

  list(limit?: number): CaseNotice[] {
    return this.d.cases.list(limit);
  }

  edit(id: number, patch: Partial<CaseFields>): CaseNotice {
    return this.d.cases.updateDraft(id, patch);
  }

  /** Accepts or drops a proposed clause of a draft (toggles when `accepted` is omitted). */
  setClause(id: number, chunkId: number, accepted?: boolean): CaseNotice {
    const notice = this.mustGet(id);
    const clauses = notice.clauses.map((c) =>
      c.chunkId === chunkId ? { ...c, accepted: accepted ?? !c.accepted } : c,
    );
    if (!notice.clauses.some((c) => c.chunkId === chunkId))
      throw new QingfengError("CASE_INVALID", `Clause ${chunkId} is not linked to notice #${id}.`);
    return this.d.cases.setClauses(id, clauses);
  }

  /** Adds the best clause for a query (or a clause the admin found) to a draft. */
  async addClause(id: number, query: string): Promise<CaseNotice> {
    const notice = this.mustGet(id);
    const found = await this.d.linker.lookup(query);
    if (!found) throw new QingfengError("CASE_INVALID", `No clause matches "${query}".`);
    const clauses: LinkedClause[] = notice.clauses.some((c) => c.chunkId === found.chunkId)
      ? notice.clauses.map((c) => (c.chunkId === found.chunkId ? { ...c, accepted: true } : c))
      : [...notice.clauses, found];
    return this.d.cases.setClauses(id, clauses);
  }

  /** The subscribed groups a publish with these tags reaches (no tags: all). */
  targets(tags: string[]): ChatRecord[] {
    return this.d.chats
      .subscribed()
      .filter((c) => tags.length === 0 || c.tags.some((t) => tags.includes(t)));
  }

  /**
   * Publishes a draft: it becomes immutable and one outbox row per target is
   * written with it, in one transaction. `at` schedules the sending.
   */
  publish(
    id: number,
    options: { by: string; tags?: string[]; at?: Date },
  ): { notice: CaseNotice; broadcast: Broadcast } {
    const notice = this.mustGet(id);
    if (notice.status !== "draft")
      throw new QingfengError(
        "CASE_IMMUTABLE",
        `Notice #${id} is already published; publish a correction (更正) instead.`,
      );
    const tags = options.tags ?? [];
    const targets = this.targets(tags);
    if (targets.length === 0)
      throw new QingfengError(
        "CASE_NO_TARGETS",
        tags.length > 0
          ? `No subscribed group carries the tags ${tags.join(", ")}.`
          : "No group is subscribed yet: an admin of each group sends /subscribe there first.",
      );
    const sendAt = Math.max(options.at?.getTime() ?? 0, this.d.now());
    const broadcast = this.d.outbox.enqueue(
      { kind: "notice", noticeId: id, tags, sendAt, createdBy: options.by },
      targets.map((t) => ({ platform: t.platform, chatId: t.chatId })),
      id,
    );
    this.d.onQueued?.();
    return { notice: this.mustGet(id), broadcast };
  }

  pause(id: number): Broadcast[] {
    return this.changeState(id, "paused", ["active"]);
  }

  resume(id: number): Broadcast[] {
    const changed = this.changeState(id, "active", ["paused"]);
    this.d.onQueued?.();
    return changed;
  }

  cancel(id: number): Broadcast[] {
    return this.changeState(id, "cancelled", ["active", "paused"]);
  }

  status(id: number): CaseStatus {
    const notice = this.mustGet(id);
    const broadcasts = this.d.outbox.broadcasts(id).filter((b) => b.kind === "notice");
    const progress = this.d.outbox.progress(broadcasts.map((b) => b.id));
    const main = broadcasts[0];
    return {
      ...progress,
      acknowledged: this.d.cases.acks(id).length,
      state: notice.status === "draft" || !main ? "draft" : main.state,
      sendAt: main ? new Date(main.sendAt).toISOString() : undefined,
    };
  }

  /** Records that a user read the notice; false when they already had. */
  acknowledge(
    id: number,
    who: { platform: Platform; userId: string; userName?: string | undefined; chatId: string },
  ): boolean {
    const notice = this.mustGet(id);
    if (notice.status !== "published")
      throw new QingfengError("CASE_INVALID", `Notice #${id} is not published.`);
    return this.d.cases.acknowledge({
      noticeId: id,
      ...who,
      at: new Date(this.d.now()).toISOString(),
    });
  }

  report(id: number): CaseReport {
    const notice = this.mustGet(id);
    const rows = this.d.outbox
      .broadcasts(id)
      .filter((b) => b.kind === "notice")
      .flatMap((b) => this.d.outbox.rows(b.id));
    return buildReport({
      notice,
      rows,
      acks: this.d.cases.acks(id),
      expected: this.expectedReaders(notice),
      chatTitle: (r) => this.d.chats.get(r.platform, r.chatId)?.title,
    });
  }

  /** The message for an outbox row (the dispatcher renders at send time). */
  render(row: OutboxRow): OutMessage | undefined {
    const broadcast = this.d.outbox.broadcast(row.broadcastId);
    if (!broadcast) return undefined;
    if (broadcast.kind === "digest") {
      const ids = (broadcast.payload?.noticeIds as number[] | undefined) ?? [];
      const notices = ids
        .map((i) => this.d.cases.get(i))
        .filter((n): n is CaseNotice => n !== undefined);
      return renderDigest(notices, String(broadcast.payload?.period ?? ""));
    }
    const notice =
      broadcast.noticeId !== undefined ? this.d.cases.get(broadcast.noticeId) : undefined;
    if (!notice) return undefined;
    if (broadcast.kind === "reminder") {
      const outstanding = this.outstandingIn(
        notice,
        this.d.chats.get(row.platform, row.chatId),
      ).length;
      return renderReminder(notice, outstanding, Number(broadcast.payload?.day ?? 1));
    }
    return renderNotice(
      notice,
      notice.correctsId ? this.d.cases.get(notice.correctsId) : undefined,
    );
  }

  /**
   * Queues what is due by `now`: reminders N days after a notice to groups
   * whose roster members have not all acknowledged (none once everyone has),
   * and the weekly digest. Each is keyed by period, so planning twice (or in
   * two processes) queues it once.
   */
  plan(now = this.d.now()): Broadcast[] {
    const queued: Broadcast[] = [];
    const maxDay = Math.max(0, ...this.d.reminderDays);
    if (this.d.reminderDays.length > 0 && this.d.roster.all().length > 0) {
      const since = new Date(now - (maxDay + 1) * DAY).toISOString();
      for (const notice of this.d.cases.publishedSince(since)) {
        for (const day of this.d.reminderDays) {
          const key = `reminder:${notice.id}:${day}`;
          if (!notice.publishedAt || now < Date.parse(notice.publishedAt) + day * DAY) continue;
          if (this.d.outbox.hasPeriod(key)) continue;
          const targets = this.sentTargets(notice.id).filter(
            (t) => this.outstandingIn(notice, this.d.chats.get(t.platform, t.chatId)).length > 0,
          );
          queued.push(
            this.d.outbox.enqueue(
              {
                kind: "reminder",
                noticeId: notice.id,
                tags: [],
                sendAt: now,
                periodKey: key,
                payload: { day },
                createdBy: "planner",
              },
              targets,
            ),
          );
        }
      }
    }
    const digest = this.plannedDigest(now);
    if (digest) queued.push(digest);
    if (queued.length > 0) this.d.onQueued?.();
    return queued;
  }

  private plannedDigest(now: number): Broadcast | undefined {
    if (this.d.digest !== "weekly") return undefined;
    const offset = this.d.utcOffsetMinutes * 60_000;
    const local = new Date(now + offset);
    // Monday 09:00 local time of the current week.
    const daysSinceMonday = (local.getUTCDay() + 6) % 7;
    const monday =
      Date.UTC(
        local.getUTCFullYear(),
        local.getUTCMonth(),
        local.getUTCDate() - daysSinceMonday,
        9,
      ) - offset;
    if (now < monday) return undefined;
    const period = new Date(monday + offset).toISOString().slice(0, 10);
    const key = `digest:${period}`;
    if (this.d.outbox.hasPeriod(key)) return undefined;
    const notices = this.d.cases
      .publishedSince(new Date(monday - 7 * DAY).toISOString())
      .filter((n) => Date.parse(n.publishedAt ?? "") < monday);
    const targets =
      notices.length > 0
        ? this.d.chats.subscribed().map((c) => ({ platform: c.platform, chatId: c.chatId }))
        : [];
    return this.d.outbox.enqueue(
      {
        kind: "digest",
        tags: [],
        sendAt: now,
        periodKey: key,
        payload: { period, noticeIds: notices.map((n) => n.id) },
        createdBy: "planner",
      },
      targets,
    );
  }

  /** Who should read a notice: roster members of the targeted departments (all when untargeted). */
  private expectedReaders(notice: CaseNotice): RosterMember[] {
    const roster = this.d.roster.all();
    const tags = this.d.outbox.broadcasts(notice.id).find((b) => b.kind === "notice")?.tags ?? [];
    const departments = tags.filter((t) => roster.some((m) => m.department === t));
    return departments.length > 0
      ? roster.filter((m) => departments.includes(m.department))
      : roster;
  }

  /** Roster members expected in a group (its department tags; all when untagged) who have not acknowledged. */
  private outstandingIn(notice: CaseNotice, chat: ChatRecord | undefined): RosterMember[] {
    const acked = new Set(this.d.cases.acks(notice.id).map((a) => `${a.platform}:${a.userId}`));
    const roster = this.d.roster.all();
    const departments = (chat?.tags ?? []).filter((t) => roster.some((m) => m.department === t));
    const platform = chat?.platform;
    return roster
      .filter((m) => departments.length === 0 || departments.includes(m.department))
      .filter((m) => {
        const id =
          platform === "telegram" ? m.telegramId : platform === "slack" ? m.slackId : undefined;
        return id !== undefined && !acked.has(`${platform}:${id}`);
      });
  }

  private sentTargets(noticeId: number): { platform: Platform; chatId: string }[] {
    return this.d.outbox
      .broadcasts(noticeId)
      .filter((b) => b.kind === "notice")
      .flatMap((b) => this.d.outbox.rows(b.id))
      .filter((r) => r.state === "sent")
      .map((r) => ({ platform: r.platform, chatId: r.chatId }));
  }

  private changeState(id: number, to: Broadcast["state"], from: Broadcast["state"][]): Broadcast[] {
    this.mustGet(id);
    const broadcasts = this.d.outbox.broadcasts(id).filter((b) => from.includes(b.state));
    if (broadcasts.length === 0)
      throw new QingfengError(
        "BROADCAST_STATE",
        `Notice #${id} has no ${from.join(" or ")} broadcast to change to ${to}.`,
      );
    for (const b of broadcasts) this.d.outbox.setState(b.id, to);
    return broadcasts.map((b) => ({ ...b, state: to }));
  }

  private mustGet(id: number): CaseNotice {
    const notice = Number.isInteger(id) ? this.d.cases.get(id) : undefined;
    if (!notice)
      throw new QingfengError(
        "CASE_NOT_FOUND",
        `No case notice #${id}. See the list: /case list or qingfeng case list.`,
      );
    return notice;
  }
}
