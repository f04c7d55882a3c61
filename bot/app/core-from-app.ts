import type { Log } from "../core/core-deps.js";
import type { Platform } from "../core/events.js";
import { createHandle, type Handle } from "../core/handle.js";
import { SqliteChatStore } from "../store/sqlite-chat-store.js";
import type { App } from "./open-app.js";

/** Builds the platform-neutral core over an opened app. */
export function coreFromApp(
  app: App,
  options: { admins: Partial<Record<Platform, string[]>>; log: Log; now?: () => number },
): { handle: Handle; chats: SqliteChatStore } {
  const now = options.now ?? Date.now;
  const chats = new SqliteChatStore(app.kb.db, () => new Date(now()));
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
  });
  return { handle, chats };
}
