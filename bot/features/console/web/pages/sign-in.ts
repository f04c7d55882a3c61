import { randomBytes, timingSafeEqual } from "node:crypto";
import { getCookie, setCookie } from "hono/cookie";
import type { AdminCheck, ConsoleAuth, SignedIn } from "../../console-auth.js";
import { isQingfengError } from "../../errors.js";
import { html } from "../html.js";
import { BASE } from "../layout.js";
import type { ConsoleApp, ConsoleContext } from "../page.js";
import { formField, page } from "../page.js";
import { words } from "../words.js";

/**
 * Sign-in: a one-time link opens a page whose button signs in (a link
 * preview fetching the URL spends nothing), or an admin name and password.
 * Before a session exists, the forms' CSRF token is a double-submit cookie.
 */
export function signInPages(
  app: ConsoleApp,
  d: {
    auth: ConsoleAuth;
    isAdmin: AdminCheck;
    client: (c: ConsoleContext) => string;
    audit: (who: string, action: string, allowed: boolean) => Promise<void>;
  },
): void {
  app.get("/signin", (c) => form(c, c.req.query("token")));

  app.post("/signin/link", async (c) => {
    const f = await checkedForm(c);
    if (!f) return c.text("CSRF token missing or wrong", 403);
    return finish(c, () => d.auth.redeemLink((f.token ?? "").trim(), d.client(c), d.isAdmin));
  });

  app.post("/signin/password", async (c) => {
    const f = await checkedForm(c);
    if (!f) return c.text("CSRF token missing or wrong", 403);
    const name = (f.name ?? "").trim();
    return finish(c, () => d.auth.signInWithPassword(name, f.password ?? "", d.client(c)));
  });

  async function finish(c: ConsoleContext, signIn: () => Promise<SignedIn>): Promise<Response> {
    try {
      const { sessionId, session } = await signIn();
      setCookie(c, "qf_session", sessionId, {
        path: BASE,
        httpOnly: true,
        sameSite: "Strict",
        secure: c.get("secure"),
      });
      await d.audit(session.who, "console sign-in", true);
      return c.redirect(BASE, 303);
    } catch (error) {
      if (!isQingfengError(error)) throw error;
      await d.audit(`client:${d.client(c)}`, `console sign-in refused: ${error.message}`, false);
      const w = words(c.get("lang"));
      const message =
        error.code === "CONSOLE_RATE_LIMITED"
          ? w(
              "登录失败次数过多，请 15 分钟后再试。",
              "Too many failed sign-ins: try again in 15 minutes.",
            )
          : w(
              "登录被拒绝：链接已使用、已过期或无效，或账号不是管理员。请重新发送 /console 获取新链接。",
              "Sign-in refused: the link is used, expired or unknown, or the account is not an admin. Send /console for a new link.",
            );
      return form(c, undefined, message, error.code === "CONSOLE_RATE_LIMITED" ? 429 : 401);
    }
  }
}

/** The form's string fields when its CSRF field matches the sign-in cookie, else undefined. */
async function checkedForm(c: ConsoleContext): Promise<Record<string, string> | undefined> {
  const field = await formField(c, "csrf");
  const cookie = getCookie(c, "qf_pre");
  if (!cookie || !field) return undefined;
  const a = Buffer.from(cookie);
  const b = Buffer.from(field);
  if (a.length !== b.length || !timingSafeEqual(a, b)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(await c.req.parseBody()))
    if (typeof v === "string") out[k] = v;
  return out;
}

function form(
  c: ConsoleContext,
  token: string | undefined,
  error?: string,
  status = 200,
): Response {
  const w = words(c.get("lang"));
  // The browser's token stays while it tries again: a second tab or a retry is not refused.
  const current = getCookie(c, "qf_pre");
  const pre =
    current && /^[\w-]{32}$/.test(current) ? current : randomBytes(24).toString("base64url");
  setCookie(c, "qf_pre", pre, {
    path: `${BASE}/signin`,
    httpOnly: true,
    sameSite: "Strict",
    secure: c.get("secure"),
  });
  const body = html`
${error ? html`<p class="flash error" role="alert">${error}</p>` : ""}
${
  token
    ? html`<section aria-labelledby="link-h"><h2 id="link-h">${w("使用一次性登录链接", "Sign in with your one-time link")}</h2>
<form method="post" action="${BASE}/signin/link">
<input type="hidden" name="csrf" value="${pre}">
<input type="hidden" name="token" value="${token}">
<p>${w("此链接只能使用一次。", "This link works once.")}</p>
<button type="submit" id="link-sign-in">${w("登录", "Sign in")}</button>
</form></section>`
    : html`<p class="muted">${w(
        "管理员可在聊天中向清风发送 /console 获取一次性登录链接，或使用 `qingfeng admin password` 设置的密码登录。",
        "Admins send /console to Qingfeng in chat for a one-time sign-in link, or use the password set with `qingfeng admin password`.",
      )}</p>`
}
<section aria-labelledby="pw-h"><h2 id="pw-h">${w("密码登录", "Sign in with a password")}</h2>
<form method="post" action="${BASE}/signin/password">
<input type="hidden" name="csrf" value="${pre}">
<label for="name">${w("管理员名", "Admin name")}</label>
<input type="text" id="name" name="name" autocomplete="username" required value="admin">
<label for="password">${w("密码", "Password")}</label>
<input type="password" id="password" name="password" autocomplete="current-password" required>
<p><button type="submit">${w("登录", "Sign in")}</button></p>
</form></section>`;
  return c.html(page(c, w("登录", "Sign in"), body).value, status as 200);
}
