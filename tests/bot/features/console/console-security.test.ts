import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LINK_TTL_MS } from "../../../../bot/features/console/console-auth.js";
import { CONSOLE } from "../../../../bot/features/console/ports.js";
import { ROLES } from "../../../../bot/kernel/ports.js";
import { SAMPLE_CASE } from "../../../helpers/case-testbed.js";
import {
  type ConsoleTestbed,
  CookieClient,
  openConsoleTestbed,
} from "../../../helpers/console-testbed.js";

describe("admin console security, over real HTTP on loopback", () => {
  let bed: ConsoleTestbed;
  let origin: string;
  beforeAll(async () => {
    bed = await openConsoleTestbed();
    origin = bed.base.replace(/\/admin$/, "");
  }, 120_000);
  afterAll(async () => {
    await bed?.close();
  });

  async function signedIn(): Promise<CookieClient> {
    const client = new CookieClient(origin);
    const link = await bed.requestLink("9");
    expect(link).toBeDefined();
    const res = await client.signInWithLink(link ?? "");
    expect(res.status).toBe(303);
    return client;
  }

  it("shows the sign-in page to a browser without a session, for every page", async () => {
    const client = new CookieClient(origin);
    for (const path of [
      "/admin",
      "/admin/answers",
      "/admin/documents",
      "/admin/notices/1",
      "/admin/roster",
    ]) {
      const res = await client.get(path);
      expect(res.status, path).toBe(303);
      expect(res.headers.get("location")).toBe("/admin/signin");
    }
    const page = await client.get("/admin/signin");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('action="/admin/signin/password"');
  });

  it("refuses a POST without a session", async () => {
    const res = await new CookieClient(origin).post("/admin/roster/import", { csrf: "x" });
    expect(res.status).toBe(403);
  });

  it("signs an admin in with the link /console sends, in an HttpOnly SameSite=Strict cookie", async () => {
    const client = new CookieClient(origin);
    const link = await bed.requestLink("9");
    await client.get(link ?? "");
    const page = await client.get(link ?? "");
    const token = /name="token" value="([^"]+)"/.exec(await page.text())?.[1] ?? "";
    const csrf = client.cookies.get("qf_pre") ?? "";
    const res = await client.request(
      "POST",
      "/admin/signin/link",
      new URLSearchParams({ token, csrf }),
    );
    expect(res.status).toBe(303);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("qf_session="));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toMatch(/Secure/);
    const overview = await client.get("/admin");
    expect(overview.status).toBe(200);
    expect(await overview.text()).toContain("近 30 天");
    // Only hashes are stored: the token itself is nowhere in the database.
    const rows = bed.app.kb.db.prepare("SELECT * FROM console_sessions").all();
    expect(JSON.stringify(rows)).not.toContain(client.cookies.get("qf_session"));
  });

  it("marks the session cookie Secure behind https (X-Forwarded-Proto)", async () => {
    const client = new CookieClient(origin);
    const link = (await bed.requestLink("9")) ?? "";
    const page = await (await client.get(link)).text();
    const token = /name="token" value="([^"]+)"/.exec(page)?.[1] ?? "";
    const res = await client.post(
      "/admin/signin/link",
      { token, csrf: client.cookies.get("qf_pre") ?? "" },
      { "x-forwarded-proto": "https" },
    );
    expect(res.headers.getSetCookie().find((c) => c.startsWith("qf_session="))).toMatch(/Secure/);
  });

  it("refuses a link used twice", async () => {
    const link = (await bed.requestLink("9")) ?? "";
    const first = new CookieClient(origin);
    expect((await first.signInWithLink(link)).status).toBe(303);
    const second = new CookieClient(origin);
    const res = await second.signInWithLink(link);
    expect(res.status).toBe(401);
    expect(await res.text()).toContain("登录被拒绝");
    expect((await second.get("/admin")).status).toBe(303);
  });

  it("refuses an expired link", async () => {
    const link = (await bed.requestLink("9")) ?? "";
    bed.clock.advance(LINK_TTL_MS + 1);
    const client = new CookieClient(origin);
    expect((await client.signInWithLink(link)).status).toBe(401);
    expect((await client.get("/admin")).status).toBe(303);
  });

  it("refuses a non-admin's link: /console answers nothing to them, and a link of theirs signs no one in", async () => {
    expect(await bed.requestLink("1234")).toBeUndefined();
    const token = await bed.bot.services.get(CONSOLE).issueLink("telegram", "1234");
    const client = new CookieClient(origin);
    expect((await client.signInWithLink(`${bed.base}/signin?token=${token}`)).status).toBe(401);
    expect((await client.get("/admin")).status).toBe(303);
  });

  it("refuses a link once its admin's role was revoked", async () => {
    const roles = bed.bot.services.get(ROLES);
    await roles.grant("telegram", "555", "test");
    const link = await bed.requestLink("555");
    expect(link).toBeDefined();
    await roles.revoke("telegram", "555");
    expect((await new CookieClient(origin).signInWithLink(link ?? "")).status).toBe(401);
  });

  it("answers 403 to a POST with a missing or wrong CSRF token, and does nothing", async () => {
    const client = await signedIn();
    const before = (await bed.cases.service.list()).length;
    const fields = { title: "CSRF 测试", facts: "医生收受回扣" };
    expect((await client.post("/admin/notices", fields)).status).toBe(403);
    expect((await client.post("/admin/notices", { ...fields, csrf: "wrong" })).status).toBe(403);
    expect((await client.post("/admin/notices", fields, { "x-csrf-token": "wrong" })).status).toBe(
      403,
    );
    expect((await bed.cases.service.list()).length).toBe(before);
    const ok = await client.post("/admin/notices", { ...fields, csrf: await client.csrf() });
    expect(ok.status).toBe(303);
    expect((await bed.cases.service.list()).length).toBe(before + 1);
  });

  it("writes every action to the audit log with who did it", async () => {
    const client = await signedIn();
    await client.post("/admin/notices", {
      title: "审计",
      facts: "收受红包",
      csrf: await client.csrf(),
    });
    await client.post("/admin/notices", { title: "审计", facts: "收受红包", csrf: "forged" });
    const log = await bed.bot.services.get(ROLES).auditLog(50);
    expect(log).toContainEqual(
      expect.objectContaining({
        platform: "web",
        userId: "telegram:9",
        command: "console POST /admin/notices",
        allowed: true,
      }),
    );
    expect(log).toContainEqual(
      expect.objectContaining({
        userId: "telegram:9",
        command: expect.stringContaining("CSRF token refused"),
        allowed: false,
      }),
    );
    expect(log).toContainEqual(
      expect.objectContaining({ userId: "telegram:9", command: "console sign-in" }),
    );
  });

  it("signs a session out after the idle timeout (injected clock)", async () => {
    const client = await signedIn();
    expect((await client.get("/admin/roster")).status).toBe(200);
    bed.clock.advance(29 * 60_000);
    expect((await client.get("/admin/roster")).status).toBe(200);
    bed.clock.advance(29 * 60_000);
    expect((await client.get("/admin/roster")).status).toBe(200);
    bed.clock.advance(31 * 60_000);
    expect((await client.get("/admin/roster")).status).toBe(303);
  });

  it("signs in with a password set as `qingfeng admin password` does, and rate-limits failures", async () => {
    await bed.bot.services.get(CONSOLE).setPassword("jijian", "correct horse battery");
    const client = new CookieClient(origin);
    await client.get("/admin/signin");
    const csrf = client.cookies.get("qf_pre") ?? "";
    const stored = bed.app.kb.db
      .prepare("SELECT password_hash FROM console_admins WHERE name = 'jijian'")
      .get() as {
      password_hash: string;
    };
    expect(stored.password_hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(stored.password_hash).not.toContain("correct horse");
    const wrong = await client.post("/admin/signin/password", {
      name: "jijian",
      password: "nope",
      csrf,
    });
    expect(wrong.status).toBe(401);
    const right = await client.post("/admin/signin/password", {
      name: "jijian",
      password: "correct horse battery",
      csrf,
    });
    expect(right.status).toBe(303);
    expect((await client.get("/admin")).status).toBe(200);

    const attacker = new CookieClient(origin);
    await attacker.get("/admin/signin");
    const pre = attacker.cookies.get("qf_pre") ?? "";
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push(
        (
          await attacker.post("/admin/signin/password", {
            name: "jijian",
            password: `guess${i}`,
            csrf: pre,
          })
        ).status,
      );
    // The loopback address made the earlier failure too: 4 more are refused as wrong, then the limit.
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(statuses.at(-1)).toBe(429);
    const blocked = await attacker.post("/admin/signin/password", {
      name: "jijian",
      password: "correct horse battery",
      csrf: pre,
    });
    expect(blocked.status).toBe(429);
    bed.clock.advance(15 * 60_000 + 1);
    const after = await attacker.post("/admin/signin/password", {
      name: "jijian",
      password: "correct horse battery",
      csrf: pre,
    });
    expect(after.status).toBe(303);
  });

  it("refuses a sign-in form posted without its sign-in cookie (login CSRF)", async () => {
    const link = (await bed.requestLink("9")) ?? "";
    const token = new URL(link).searchParams.get("token") ?? "";
    const res = await new CookieClient(origin).post("/admin/signin/link", {
      token,
      csrf: "guessed",
    });
    expect(res.status).toBe(403);
    // The link was not spent by the refused request.
    expect((await new CookieClient(origin).signInWithLink(link)).status).toBe(303);
  });

  it("shows HTML and script in document and notice text escaped", async () => {
    const client = await signedIn();
    const csrf = await client.csrf();
    const evil = '<script>alert("x")</script><img src=x onerror=alert(1)>';
    const notice = await bed.cases.service.draft(
      { ...SAMPLE_CASE, title: `通报${evil}`, facts: `${SAMPLE_CASE.facts}${evil}` },
      { by: "test", anonymise: false },
    );
    const noticePage = await (await client.get(`/admin/notices/${notice.id}`)).text();
    expect(noticePage).not.toContain("<script>alert");
    expect(noticePage).not.toContain("<img src=x");
    expect(noticePage).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");

    const form = new FormData();
    form.set("csrf", csrf);
    form.append(
      "files",
      new Blob(
        [
          [
            "某医院关于廉洁行医的院内规定<script>alert(1)</script>",
            "第一条 为规范医务人员执业行为，加强医德医风建设，根据国家有关规定，制定本规定。",
            "第二条 医务人员严禁收受患者及其亲属的红包、礼品和购物卡<img src=x onerror=alert(1)>，一经发现严肃处理。",
            "第三条 医务人员不得接受医药企业安排的宴请、旅游和娱乐活动，不得参加其赞助的各类活动。",
          ].join("\n"),
        ],
        { type: "text/plain" },
      ),
      "evil<b>.txt",
    );
    const upload = await client.post("/admin/documents/upload", form);
    expect(upload.status).toBe(200);
    const uploaded = await upload.text();
    expect(uploaded).not.toContain("<b>");
    const list = await (await client.get("/admin/documents")).text();
    expect(list).not.toContain("<script>alert(1)");
    const id = /href="\/admin\/documents\/(\d+)">某医院关于廉洁行医的院内规定/.exec(list)?.[1];
    expect(id).toBeDefined();
    const doc = await (await client.get(`/admin/documents/${id}`)).text();
    expect(doc).toContain("购物卡&lt;img src=x onerror=alert(1)&gt;");
    expect(doc).not.toContain("<img src=x");
  });

  it("serves only its own assets, with a CSP that allows nothing else", async () => {
    const client = await signedIn();
    const res = await client.get("/admin");
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'self'");
    const page = await res.text();
    expect(page).not.toMatch(/src="https?:/);
    expect(page).not.toMatch(/href="https?:\/\/(?!127)/);
    const htmx = await client.get("/admin/assets/htmx.min.js");
    expect(htmx.status).toBe(200);
    expect(await htmx.text()).toContain("htmx");
  });
});
