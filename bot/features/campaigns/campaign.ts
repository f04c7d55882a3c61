import { AUDIENCES, isAudience } from "../../../knowledge/quiz/audiences.js";
import { QingfengError } from "../../kernel/errors.js";
import type { Platform } from "../../kernel/events.js";

/** A training campaign: which questions, for whom, when, and what counts as passing. */
export interface CampaignSpec {
  name: string;
  /** Fixed question ids, or approved questions with these tags (count of them). */
  questionIds?: number[] | undefined;
  tags?: string[] | undefined;
  count?: number | undefined;
  audience: {
    /** Roster departments expected to take it (none: the whole roster). */
    departments?: string[] | undefined;
    /** Groups the campaign is announced in: "telegram:-100123", "slack:C0123". */
    groups?: string[] | undefined;
    /**
     * Lines of work (岗位类别: 临床 护理 药学 医技 采购与设备 管理 行政) whose
     * questions it draws: only questions tagged for one of them. Unset: those of
     * the departments' audiences when every department has one, else any.
     */
    roles?: string[] | undefined;
  };
  /** Also draw administrators' task-table facts (which body leads a task, by when). */
  adminFacts?: boolean | undefined;
  start: string;
  due: string;
  /** Share of questions to answer right, 0–1. */
  passMark: number;
  /** After passing, each person confirms 本人无违规情况 (zero report) or is pointed to the confidential contact. */
  attestation?: boolean | undefined;
}

export interface Campaign {
  id: number;
  name: string;
  spec: CampaignSpec;
  questionIds: number[];
  startAt: number;
  dueAt: number;
}

export interface CampaignProgress {
  campaignId: number;
  platform: Platform;
  userId: string;
  answered: number;
  correct: number;
  passedAt?: string | undefined;
  attestation?: "zero-report" | "report" | undefined;
}

/** A campaign is done for a person when passed, and attested when the campaign asks for it. */
export function isDone(c: Campaign, p: CampaignProgress | undefined): boolean {
  return Boolean(p?.passedAt) && (!c.spec.attestation || p?.attestation !== undefined);
}

export function parseCampaignSpec(text: string): CampaignSpec {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, "")) as Record<string, unknown>;
  } catch (error) {
    throw new QingfengError(
      "BAD_INPUT",
      `The campaign file is not valid JSON: ${(error as Error).message}`,
    );
  }
  const problems: string[] = [];
  const name = typeof raw.name === "string" ? raw.name.trim() : "";
  if (!name) problems.push("name is required");
  const start = String(raw.start ?? "");
  const due = String(raw.due ?? "");
  if (Number.isNaN(Date.parse(start))) problems.push(`start "${start}" is not an ISO-8601 time`);
  if (Number.isNaN(Date.parse(due))) problems.push(`due "${due}" is not an ISO-8601 time`);
  if (!problems.length && Date.parse(due) <= Date.parse(start))
    problems.push("due must be after start");
  const passMark = raw.passMark === undefined ? 0.8 : Number(raw.passMark);
  if (!(passMark > 0 && passMark <= 1))
    problems.push("passMark must be between 0 and 1 (e.g. 0.8)");
  const audience = (raw.audience ?? {}) as Record<string, unknown>;
  const strings = (v: unknown) => (Array.isArray(v) ? v.map(String) : undefined);
  const groups = strings(audience.groups);
  for (const g of groups ?? [])
    if (!/^[a-z][a-z0-9_-]*:\S+$/.test(g))
      problems.push(`group "${g}" must be platform:chatId, e.g. telegram:-100123`);
  const roles = strings(audience.roles);
  for (const r of roles ?? [])
    if (!isAudience(r)) problems.push(`role "${r}" must be one of ${AUDIENCES.join(", ")}`);
  const questionIds = Array.isArray(raw.questionIds) ? raw.questionIds.map(Number) : undefined;
  if (questionIds?.some((id) => !Number.isInteger(id)))
    problems.push("questionIds must be numbers");
  const count = raw.count === undefined ? undefined : Number(raw.count);
  if (count !== undefined && (!Number.isInteger(count) || count < 1))
    problems.push("count must be a positive whole number");
  if (problems.length > 0)
    throw new QingfengError("BAD_INPUT", `Invalid campaign:\n  - ${problems.join("\n  - ")}`);
  return {
    name,
    questionIds,
    tags: strings(raw.tags),
    count,
    audience: { departments: strings(audience.departments), groups, roles },
    adminFacts: raw.adminFacts === true,
    start,
    due,
    passMark,
    attestation: raw.attestation === true,
  };
}

const DAY = 86_400_000;

/**
 * The reminder due at `now`, if any: the announcement at the start, 3 days
 * and 1 day before the due date, then daily while overdue (two weeks at
 * most). Keys make each reminder go out once.
 */
export function dueReminder(
  c: Campaign,
  now: number,
): { key: string; kind: "start" | "due-3" | "due-1" | "overdue" } | undefined {
  if (now < c.startAt) return undefined;
  if (now >= c.dueAt) {
    const days = Math.floor((now - c.dueAt) / DAY) + 1;
    return days <= 14 ? { key: `overdue-${days}`, kind: "overdue" } : undefined;
  }
  if (now >= c.dueAt - DAY && c.dueAt - DAY >= c.startAt) return { key: "due-1", kind: "due-1" };
  if (now >= c.dueAt - 3 * DAY && c.dueAt - 3 * DAY >= c.startAt)
    return { key: "due-3", kind: "due-3" };
  return { key: "start", kind: "start" };
}

export interface CampaignStore {
  create(spec: CampaignSpec, questionIds: number[], by: string): Promise<Campaign>;
  get(id: number): Promise<Campaign | undefined>;
  list(): Promise<Campaign[]>;
  progress(
    campaignId: number,
    platform: Platform,
    userId: string,
  ): Promise<CampaignProgress | undefined>;
  allProgress(campaignId: number): Promise<CampaignProgress[]>;
  save(p: CampaignProgress): Promise<void>;
}
