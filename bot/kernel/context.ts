import type { CaseFlows } from "../features/cases/guided-flow.js";
import type { CoreDeps } from "./deps.js";
import type { CoreEvent } from "./events.js";
import type { Lang } from "./i18n.js";
import type { Reply } from "./reply.js";

/** What a command or action handler gets: the event, how to reply, and the core's services. */
export interface HandlerContext {
  event: CoreEvent;
  reply: Reply;
  deps: CoreDeps;
  lang: Lang;
  isAdmin: boolean;
  /** Conversation memory kept by the core (previous question, pending 👎 reasons). */
  memory: ConversationMemory;
  /** Admins' guided case-notice authoring conversations. */
  caseFlows: CaseFlows;
  /** Options ticked so far on multiple-choice questions, per user and question. */
  quizSelections: Map<string, Set<number>>;
  /** The campaign each user is taking in their DM (progress itself is stored). */
  campaignSessions: Map<string, number>;
}

/**
 * Short-lived per-user state: the previous question (for follow-ups) and an
 * open request for a 👎 reason. In memory on purpose: losing it on restart
 * costs a follow-up's context, nothing stored.
 */
export class ConversationMemory {
  private readonly previous = new Map<string, { question: string; at: number }>();
  private readonly reasons = new Map<string, { answerId: number; at: number }>();

  constructor(
    private readonly now: () => number,
    private readonly ttlMs = 10 * 60_000,
  ) {}

  previousQuestion(key: string): string | undefined {
    const p = this.previous.get(key);
    return p && this.now() - p.at <= this.ttlMs ? p.question : undefined;
  }

  rememberQuestion(key: string, question: string): void {
    this.previous.set(key, { question, at: this.now() });
    this.trim(this.previous);
  }

  awaitReason(key: string, answerId: number): void {
    this.reasons.set(key, { answerId, at: this.now() });
    this.trim(this.reasons);
  }

  /** The answer a reason is awaited for, consumed on read. */
  takePendingReason(key: string): number | undefined {
    const r = this.reasons.get(key);
    this.reasons.delete(key);
    return r && this.now() - r.at <= this.ttlMs ? r.answerId : undefined;
  }

  private trim<V>(map: Map<string, V>): void {
    if (map.size <= 10_000) return;
    const oldest = map.keys().next().value;
    if (oldest !== undefined) map.delete(oldest);
  }
}

export function userKey(event: CoreEvent): string {
  return `${event.platform}:${event.chat.id}:${event.user.id}`;
}
