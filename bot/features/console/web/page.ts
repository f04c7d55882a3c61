import type { Context, Hono } from "hono";
import type { KnowledgeAccess, PlatformDirectory } from "../../../kernel/feature.js";
import type { Lang } from "../../../kernel/i18n.js";
import type { Log } from "../../../kernel/log.js";
import type { Services } from "../../../kernel/services.js";
import type { Settings } from "../../../kernel/settings.js";
import type { AdminCheck } from "../console-auth.js";
import type { ConsoleSession, DocumentLibrary } from "../ports.js";
import type { QuestionKinds } from "./conduct-kinds.js";
import type { Html } from "./html.js";
import { layout } from "./layout.js";
import type { MinuteCache } from "./minute-cache.js";

export interface ConsoleWebDeps {
  services: Services;
  knowledge: KnowledgeAccess;
  documents: DocumentLibrary;
  platforms: PlatformDirectory;
  /** Whether a platform user is a bot admin now (a link of someone no longer admin is refused). */
  isAdmin: AdminCheck;
  settings: Settings;
  now: () => number;
  log: Log;
}

/** What the pages share beyond the deps: caches that outlive a request. */
export interface ConsoleShared {
  kinds: QuestionKinds;
  /** Figures recomputed at most once a minute (the overview over 100,000 answers). */
  figures: MinuteCache;
}

export interface ConsoleEnv {
  Variables: { lang: Lang; session: ConsoleSession; secure: boolean };
}

export type ConsoleApp = Hono<ConsoleEnv>;
export type ConsoleContext = Context<ConsoleEnv>;

/** A page in the layout, signed in or not. */
export function page(c: ConsoleContext, title: string, body: Html): Html {
  const session = c.get("session");
  return layout(
    {
      lang: c.get("lang") ?? "zh",
      title,
      signedIn: session
        ? { who: session.who, csrf: session.csrf, path: new URL(c.req.url).pathname }
        : undefined,
    },
    body,
  );
}

/** One field of a urlencoded or multipart form (parsed once; Hono caches it). */
export async function formField(c: ConsoleContext, name: string): Promise<string | undefined> {
  const type = c.req.header("content-type") ?? "";
  if (
    !type.startsWith("application/x-www-form-urlencoded") &&
    !type.startsWith("multipart/form-data")
  )
    return undefined;
  const body = await c.req.parseBody({ all: true });
  const v = body[name];
  return typeof v === "string" ? v : undefined;
}
