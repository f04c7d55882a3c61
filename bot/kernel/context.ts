import type { CoreEvent } from "./events.js";
import type { Lang } from "./i18n.js";
import type { Log } from "./log.js";
import type { ChatDirectory, RoleStore } from "./ports.js";
import type { Reply } from "./reply.js";

/** What a command or action handler gets: the event, how to reply, and the kernel's services. */
export interface HandlerContext {
  event: CoreEvent;
  reply: Reply;
  lang: Lang;
  isAdmin: boolean;
  now: () => number;
  log: Log;
  chats: ChatDirectory;
  roles: RoleStore;
  /** /help: the greeting and every registered feature's lines. */
  help(): string;
}

/** One user in one chat on one platform: the key of per-user conversation state. */
export function userKey(event: CoreEvent): string {
  return `${event.platform}:${event.chat.id}:${event.user.id}`;
}

/** Keeps a per-user map from growing without bound: the oldest entries go first. */
export function trimOldest<V>(map: Map<string, V>, max = 10_000): void {
  while (map.size > max) {
    const oldest = map.keys().next().value;
    if (oldest === undefined) return;
    map.delete(oldest);
  }
}
