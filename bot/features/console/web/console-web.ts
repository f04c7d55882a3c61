import type { IncomingMessage, ServerResponse } from "node:http";
import { getRequestListener } from "@hono/node-server";
import { getConnInfo } from "@hono/node-server/conninfo";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { getCookie, setCookie } from "hono/cookie";
import { ROLES } from "../../../kernel/ports.js";
import { isQingfengError } from "../errors.js";
import { CONSOLE } from "../ports.js";
import { CONSOLE_CSS, CONSOLE_JS, htmxScript } from "./assets.js";
import { QuestionKinds } from "./conduct-kinds.js";
import { html } from "./html.js";
import { MinuteCache } from "./minute-cache.js";
import {
  type ConsoleApp,
  type ConsoleContext,
  type ConsoleEnv,
  type ConsoleShared,
  type ConsoleWebDeps,
  formField,
  page,
} from "./page.js";

export type { ConsoleWebDeps } from "./page.js";

import { BASE } from "./layout.js";
import { answerPages } from "./pages/answers.js";
import { campaignPages } from "./pages/campaigns.js";
import { documentPages } from "./pages/documents.js";
import { noticePages } from "./pages/notices.js";
import { overviewPage } from "./pages/overview.js";
import { quizPages } from "./pages/quiz.js";
import { rosterPages } from "./pages/roster.js";
import { signInPages } from "./pages/sign-in.js";
import { words } from "./words.js";

const MAX_FORM_BYTES = 1024 * 1024;
const MAX_UPLOAD_BYTES = 64 * 1024 * 1024;

/**
 * The admin console as a Hono app under /admin: sign-in first, then every
 * page over the features' services. Each POST carries the session's CSRF
 * token and is written to the audit log with who did it; responses are
 * never cached and may load nothing but this console's own assets.
 */
export function createConsoleWeb(deps: ConsoleWebDeps): {
  app: ConsoleApp;
  listener: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
} {
  const auth = deps.services.get(CONSOLE);
  const roles = deps.services.get(ROLES);
  const app = new Hono<ConsoleEnv>().basePath(BASE);
  const shared: ConsoleShared = {
    kinds: new QuestionKinds(deps.knowledge.conduct),
    figures: new MinuteCache(deps.now),
  };

  app.use("*", async (c, next) => {
    await next();
    c.header(
      "Content-Security-Policy",
      "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    );
    c.header("X-Content-Type-Options", "nosniff");
    // Sign-in links carry their token in the URL: never hand it on as a referrer.
    c.header("Referrer-Policy", "no-referrer");
    c.header("X-Frame-Options", "DENY");
    if (!c.res.headers.has("Cache-Control")) c.header("Cache-Control", "no-store");
  });
  app.use("*", async (c, next) => {
    const lang = getCookie(c, "qf_lang") === "en" ? "en" : "zh";
    c.set("lang", lang);
    const proto = c.req.header("x-forwarded-proto") ?? new URL(c.req.url).protocol.replace(":", "");
    c.set("secure", proto.split(",")[0]?.trim() === "https");
    await next();
  });
  app.use("*", async (c, next) => {
    const upload = /\/(upload|import)$/.test(c.req.path);
    return bodyLimit({
      maxSize: upload ? MAX_UPLOAD_BYTES : MAX_FORM_BYTES,
      onError: (cc) => cc.text("request body too large", 413),
    })(c, next);
  });

  app.get("/assets/htmx.min.js", (c) => asset(c, htmxScript(), "text/javascript"));
  app.get("/assets/console.js", (c) => asset(c, CONSOLE_JS, "text/javascript"));
  app.get("/assets/console.css", (c) => asset(c, CONSOLE_CSS, "text/css"));
  app.get("/lang", (c) => {
    const to = c.req.query("to") === "en" ? "en" : "zh";
    setCookie(c, "qf_lang", to, {
      path: BASE,
      sameSite: "Strict",
      secure: c.get("secure"),
      maxAge: 365 * 86_400,
    });
    const back = c.req.query("back") ?? BASE;
    // Only a path of this console: never an open redirect.
    return c.redirect(/^\/admin(\/[\w\-/.?=&%]*)?$/.test(back) ? back : BASE, 303);
  });

  signInPages(app, { auth, isAdmin: deps.isAdmin, client: (c) => clientOf(c), audit });

  // Everything below needs a live session, and every POST its CSRF token.
  app.use("*", async (c, next) => {
    const session = await auth.session(getCookie(c, "qf_session"));
    if (!session) {
      if (c.req.method === "GET") {
        if (c.req.header("hx-request")) {
          c.header("HX-Redirect", `${BASE}/signin`);
          return c.body(null, 401);
        }
        return c.redirect(`${BASE}/signin`, 303);
      }
      return c.text("not signed in", 403);
    }
    c.set("session", session);
    if (c.req.method !== "GET" && c.req.method !== "HEAD") {
      const header = c.req.header("x-csrf-token");
      const field = header ? undefined : await formField(c, "csrf");
      if (!auth.csrfMatches(session, header ?? field)) {
        await audit(
          session.who,
          `console ${c.req.method} ${c.req.path} (CSRF token refused)`,
          false,
        );
        return c.text("CSRF token missing or wrong", 403);
      }
      await next();
      if (c.res.status < 400)
        await audit(session.who, `console ${c.req.method} ${c.req.path}`, true);
      return undefined;
    }
    return next();
  });

  app.post("/signout", async (c) => {
    await auth.signOut(getCookie(c, "qf_session"));
    setCookie(c, "qf_session", "", { path: BASE, maxAge: 0, httpOnly: true, sameSite: "Strict" });
    return c.redirect(`${BASE}/signin`, 303);
  });

  overviewPage(app, deps, shared);
  answerPages(app, deps, shared);
  documentPages(app, deps);
  noticePages(app, deps);
  quizPages(app, deps);
  campaignPages(app, deps);
  rosterPages(app, deps);

  app.notFound((c) =>
    c.html(page(c, c.get("lang") === "en" ? "Not found" : "未找到", html``).value, 404),
  );
  app.onError((error, c) => {
    if (isQingfengError(error)) {
      const w = words(c.get("lang") ?? "zh");
      return c.html(
        page(
          c,
          w("操作未完成", "Not done"),
          html`<p class="flash error" role="alert">${error.message}${error.hint ? html`<br><span class="muted">${error.hint}</span>` : ""}</p><p><a href="${BASE}">${w("返回概览", "Back to the overview")}</a></p>`,
        ).value,
        400,
      );
    }
    deps.log("error", "console request failed", {
      path: c.req.path,
      error: error instanceof Error ? error.message : String(error),
    });
    return c.text("internal error", 500);
  });

  async function audit(who: string, action: string, allowed: boolean): Promise<void> {
    await roles.audit("web", who, action.slice(0, 200), allowed);
  }

  const listener = getRequestListener(app.fetch, { overrideGlobalObjects: false });
  return { app, listener };
}

function clientOf(c: ConsoleContext): string {
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown";
  }
}

function asset(c: ConsoleContext, body: string, type: string): Response {
  c.header("Cache-Control", "public, max-age=3600");
  return c.body(body, 200, { "content-type": `${type}; charset=utf-8` });
}
