import type { Log } from "../core/core-deps.js";
import type { Platform } from "../core/events.js";
import { createHandle, type Handle } from "../core/handle.js";
import { SqliteChatStore } from "../store/sqlite-chat-store.js";
import { type CaseSystem, openCaseSystem } from "./case-system.js";
import type { App } from "./open-app.js";

/** Builds the platform-neutral core over an opened app. */
export function coreFromApp(
  app: App,
  options: {
    admins: Partial<Record<Platform, string[]>>;
    log: Log;
    now?: () => number;
    /** Called when a notice was queued from chat (wakes this process's dispatcher). */
    onQueued?: () => void;
  },
): { handle: Handle; chats: SqliteChatStore; cases: CaseSystem } {
  const now = options.now ?? Date.now;
  const chats = new SqliteChatStore(app.kb.db, () => new Date(now()));
  const cases = openCaseSystem(app, chats, { now, onQueued: options.onQueued });
  const handle = createHandle({
    answers: app.answers,
    records: app.records,
    store: app.kb.store,
    chats,
    roles: chats,
    deliveries: chats,
    configuredAdmins: options.admins,
    now,
    log: options.log,
    cases: cases.service,
  });
  return { handle, chats, cases };
}
