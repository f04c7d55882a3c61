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
      const original = await this.mustGet(options.correctsId);
      if (original.status !== "published")
        throw new QingfengError(
          "CASE_INVALID",
          `Notice #${original.id} is a draft: edit it instead of correcting it.`,
        );
    }
    const clean = options.anonymise === false ? fields : anonymise(fields);
    const clauses = await this.d.linker.propose(`${clean.facts}\n${clean.violations ?? ""}`);
    return await this.d.cases.createDraft(clean, clauses, options.by, options.correctsId);
  }

  /**
   * The draft drafting these fields would duplicate (same text after
   * anonymising), so adding the same file twice is said, not silently doubled.
   */
  async sameDraft(
    fields: CaseFields,
    options: { anonymise?: boolean; correctsId?: number | undefined } = {},
  ): Promise<CaseNotice | undefined> {
    const key = contentKey(options.anonymise === false ? fields : anonymise(fields));
    return (await this.d.cases.list(500)).find(
      (n) => n.status === "draft" && n.correctsId === options.correctsId && contentKey(n) === key,
    );
  }

  /** The offset people read times in (QINGFENG_UTC_OFFSET). */
  get utcOffsetMinutes(): number {
    return this.d.utcOffsetMinutes;
  }

  async get(id: number): Promise<CaseNotice | undefined> {
    return await this.d.cases.get(id);
  }

  async list(limit?: number): Promise<CaseNotice[]> {
    return await this.d.cases.list(limit);
  }

  async edit(id: number, patch: Partial<CaseFields>): Promise<CaseNotice> {
    return await this.d.cases.updateDraft(id, patch);
  }

  /** Accepts or drops a proposed clause of a draft (toggles when `accepted` is omitted). */
  async setClause(id: number, chunkId: number, accepted?: boolean): Promise<CaseNotice> {
    const notice = await this.mustGet(id);
    const clauses = notice.clauses.map((c) =>
      c.chunkId === chunkId ? { ...c, accepted: accepted ?? !c.accepted } : c,
    );
    if (!notice.clauses.some((c) => c.chunkId === chunkId))
      throw new QingfengError("CASE_INVALID", `Clause ${chunkId} is not linked to notice #${id}.`);
    return await this.d.cases.setClauses(id, clauses);
  }

  /** Adds the best clause for a query (or a clause the admin found) to a draft. */
  async addClause(id: number, query: string): Promise<CaseNotice> {
    const notice = await this.mustGet(id);
    const found = await this.d.linker.lookup(query);
    if (!found) throw new QingfengError("CASE_INVALID", `No clause matches "${query}".`);
    const clauses: LinkedClause[] = notice.clauses.some((c) => c.chunkId === found.chunkId)
      ? notice.clauses.map((c) => (c.chunkId === found.chunkId ? { ...c, accepted: true } : c))
      : [...notice.clauses, found];
    return await this.d.cases.setClauses(id, clauses);
  }

  /** The subscribed groups a publish with these tags reaches (no tags: all). */
  async targets(tags: string[]): Promise<ChatRecord[]> {
    return (await this.d.chats.subscribed()).filter(
      (c) => tags.length === 0 || c.tags.some((t) => tags.includes(t)),
    );
  }

  /**
   * Publishes a draft: it becomes immutable and one outbox row per target is
   * written with it, in one transaction. `at` schedules the sending.
   */
  async publish(
    id: number,
    options: { by: string; tags?: string[]; at?: Date },
  ): Promise<{ notice: CaseNotice; broadcast: Broadcast }> {
    const notice = await this.mustGet(id);
    if (notice.status !== "draft")
      throw new QingfengError(
        "CASE_IMMUTABLE",
        `Notice #${id} is already published; publish a correction (更正) instead.`,
      );
    const tags = options.tags ?? [];
    const targets = await this.targets(tags);
    if (targets.length === 0)
      throw new QingfengError(
        "CASE_NO_TARGETS",
        tags.length > 0
          ? `No subscribed group carries the tags ${tags.join(", ")}.`
          : "No group is subscribed yet: an admin of each group sends /subscribe there first.",
      );
    const sendAt = Math.max(options.at?.getTime() ?? 0, this.d.now());
    const broadcast = await this.d.outbox.enqueue(
      { kind: "notice", noticeId: id, tags, sendAt, createdBy: options.by },
      targets.map((t) => ({ platform: t.platform, chatId: t.chatId })),
      id,
    );
    this.d.onQueued?.();
    return { notice: await this.mustGet(id), broadcast };
  }

  async pause(id: number): Promise<Broadcast[]> {
    return await this.changeState(id, "paused", ["active"]);
  }

  async resume(id: number): Promise<Broadcast[]> {
    const changed = await this.changeState(id, "active", ["paused"]);
    this.d.onQueued?.();
    return changed;
  }

  async cancel(id: number): Promise<Broadcast[]> {
    return await this.changeState(id, "cancelled", ["active", "paused"]);
  }

  async status(id: number): Promise<CaseStatus> {
    const notice = await this.mustGet(id);
    const broadcasts = (await this.d.outbox.broadcasts(id)).filter((b) => b.kind === "notice");
    const progress = await this.d.outbox.progress(broadcasts.map((b) => b.id));
    const main = broadcasts[0];
    return {
      ...progress,
      acknowledged: (await this.d.cases.acks(id)).length,
      state: notice.status === "draft" || !main ? "draft" : main.state,
      sendAt: main ? new Date(main.sendAt).toISOString() : undefined,
    };
  }

  /** Records that a user read the notice; false when they already had. */
  async acknowledge(
    id: number,
    who: { platform: Platform; userId: string; userName?: string | undefined; chatId: string },
  ): Promise<boolean> {
    const notice = await this.mustGet(id);
    if (notice.status !== "published")
      throw new QingfengError("CASE_INVALID", `Notice #${id} is not published.`);
    return await this.d.cases.acknowledge({
      noticeId: id,
      ...who,
      at: new Date(this.d.now()).toISOString(),
    });
  }

  async report(id: number): Promise<CaseReport> {
    const notice = await this.mustGet(id);
    const rows = await this.noticeRows(id);
    const titles = new Map<string, string | undefined>();
    for (const r of rows) {
      const k = `${r.platform}:${r.chatId}`;
      if (!titles.has(k)) titles.set(k, (await this.d.chats.get(r.platform, r.chatId))?.title);
    }
    return buildReport({
      notice,
      rows,
      acks: await this.d.cases.acks(id),
      expected: await this.expectedReaders(notice),
      chatTitle: (r) => titles.get(`${r.platform}:${r.chatId}`),
    });
  }

  /**
   * The message for an outbox row (the dispatcher renders at send time), its
   * frame in the target chat's language; the notice text is as written.
   */
  async render(row: OutboxRow): Promise<OutMessage | undefined> {
    const broadcast = await this.d.outbox.broadcast(row.broadcastId);
    if (!broadcast || broadcast.kind === "campaign") return undefined;
    const chat = await this.d.chats.get(row.platform, row.chatId);
    const lang = chat?.language ?? "zh";
    if (broadcast.kind === "digest") {
      const ids = (broadcast.payload?.noticeIds as number[] | undefined) ?? [];
      const notices = (await Promise.all(ids.map((i) => this.d.cases.get(i)))).filter(
        (n): n is CaseNotice => n !== undefined,
      );
      return renderDigest(notices, lang, String(broadcast.payload?.period ?? ""));
    }
    const notice =
      broadcast.noticeId !== undefined ? await this.d.cases.get(broadcast.noticeId) : undefined;
    if (!notice) return undefined;
    if (broadcast.kind === "reminder") {
      const outstanding = (await this.outstandingIn(notice, chat)).length;
      return renderReminder(notice, lang, outstanding, Number(broadcast.payload?.day ?? 1));
    }
    return renderNotice(
      notice,
      lang,
      notice.correctsId ? await this.d.cases.get(notice.correctsId) : undefined,
    );
  }

  /**
   * Queues what is due by `now`: reminders N days after a notice to groups
   * whose roster members have not all acknowledged (none once everyone has),
   * and the weekly digest. Each is keyed by period, so planning twice (or in
   * two processes) queues it once.
   */
  async plan(now = this.d.now()): Promise<Broadcast[]> {
    const queued: Broadcast[] = [];
    const maxDay = Math.max(0, ...this.d.reminderDays);
    if (this.d.reminderDays.length > 0 && (await this.d.roster.all()).length > 0) {
      const since = new Date(now - (maxDay + 1) * DAY).toISOString();
      for (const notice of await this.d.cases.publishedSince(since)) {
        for (const day of this.d.reminderDays) {
          const key = `reminder:${notice.id}:${day}`;
          if (!notice.publishedAt || now < Date.parse(notice.publishedAt) + day * DAY) continue;
          if (await this.d.outbox.hasPeriod(key)) continue;
          const targets: { platform: Platform; chatId: string }[] = [];
          for (const t of await this.sentTargets(notice.id)) {
            const chat = await this.d.chats.get(t.platform, t.chatId);
            if ((await this.outstandingIn(notice, chat)).length > 0) targets.push(t);
          }
          queued.push(
            await this.d.outbox.enqueue(
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
    const digest = await this.plannedDigest(now);
    if (digest) queued.push(digest);
    if (queued.length > 0) this.d.onQueued?.();
    return queued;
  }

  private async plannedDigest(now: number): Promise<Broadcast | undefined> {
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
    if (await this.d.outbox.hasPeriod(key)) return undefined;
    const notices = (
      await this.d.cases.publishedSince(new Date(monday - 7 * DAY).toISOString())
    ).filter((n) => Date.parse(n.publishedAt ?? "") < monday);
    const targets =
      notices.length > 0
        ? (await this.d.chats.subscribed()).map((c) => ({ platform: c.platform, chatId: c.chatId }))
        : [];
    return await this.d.outbox.enqueue(
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
  private async expectedReaders(notice: CaseNotice): Promise<RosterMember[]> {
    const roster = await this.d.roster.all();
    const broadcasts = await this.d.outbox.broadcasts(notice.id);
    const tags = broadcasts.find((b) => b.kind === "notice")?.tags ?? [];
    const departments = tags.filter((t) => roster.some((m) => m.department === t));
    return departments.length > 0
      ? roster.filter((m) => departments.includes(m.department))
      : roster;
  }

  /** Roster members expected in a group (its department tags; all when untagged) who have not acknowledged. */
  private async outstandingIn(
    notice: CaseNotice,
    chat: ChatRecord | undefined,
  ): Promise<RosterMember[]> {
    const acks = await this.d.cases.acks(notice.id);
    const acked = new Set(acks.map((a) => `${a.platform}:${a.userId}`));
    const roster = await this.d.roster.all();
    const departments = (chat?.tags ?? []).filter((t) => roster.some((m) => m.department === t));
    const platform = chat?.platform;
    return roster
      .filter((m) => departments.length === 0 || departments.includes(m.department))
      .filter((m) => {
        const id = platform === undefined ? undefined : m.ids[platform];
        return id !== undefined && !acked.has(`${platform}:${id}`);
      });
  }

  private async sentTargets(noticeId: number): Promise<{ platform: Platform; chatId: string }[]> {
    return (await this.noticeRows(noticeId))
      .filter((r) => r.state === "sent")
      .map((r) => ({ platform: r.platform, chatId: r.chatId }));
  }

  /** The outbox rows of a notice's own broadcasts (not its reminders or digests). */
  private async noticeRows(noticeId: number): Promise<OutboxRow[]> {
    const rows: OutboxRow[] = [];
    for (const b of await this.d.outbox.broadcasts(noticeId))
      if (b.kind === "notice") rows.push(...(await this.d.outbox.rows(b.id)));
    return rows;
  }

  private async changeState(
    id: number,
    to: Broadcast["state"],
    from: Broadcast["state"][],
  ): Promise<Broadcast[]> {
    await this.mustGet(id);
    const broadcasts = (await this.d.outbox.broadcasts(id)).filter((b) => from.includes(b.state));
    if (broadcasts.length === 0)
      throw new QingfengError(
        "BROADCAST_STATE",
        `Notice #${id} has no ${from.join(" or ")} broadcast to change to ${to}.`,
      );
    for (const b of broadcasts) await this.d.outbox.setState(b.id, to);
    return broadcasts.map((b) => ({ ...b, state: to }));
  }

  private async mustGet(id: number): Promise<CaseNotice> {
    const notice = Number.isInteger(id) ? await this.d.cases.get(id) : undefined;
    if (!notice)
      throw new QingfengError(
        "CASE_NOT_FOUND",
        `No case notice #${id}. See the list: /case list or qingfeng case list.`,
      );
    return notice;
  }
}

/** What makes two notices the same text: every field a reader sees. */
function contentKey(f: CaseFields): string {
  return JSON.stringify([
    f.title,
    f.date,
    f.institution,
    f.facts,
    f.violations,
    f.result,
    f.lesson,
    f.sourceUrl,
  ]);
}
