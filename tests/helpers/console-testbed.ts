import type { Server } from "node:http";
import { adminConsole } from "../../bot/app/admin-console.js";
import { startHttpServer } from "../../bot/app/http-server.js";
import type { Platform } from "../../bot/kernel/events.js";
import type { Sender } from "../../bot/kernel/sender.js";
import { type CaseTestbed, openCaseTestbed } from "./case-testbed.js";
import { chatMessage } from "./chat-message.js";
import { FakeClock } from "./fake-clock.js";
import { RecordingReply } from "./recording-reply.js";

export interface ConsoleTestbed extends CaseTestbed {
  clock: FakeClock;
  server: Server;
  /** http://127.0.0.1:<port>/admin */
  base: string;
  /** Sends /console as this Telegram user in a DM and returns the link the bot answered with. */
  requestLink(userId: string): Promise<string | undefined>;
  close(): Promise<void>;
}

/**
 * A bot on a temp data dir (shipped corpus, SQLite stores, injected clock)
 * with the admin console on a loopback port of the one HTTP server, as
 * `qingfeng start` mounts it. Telegram user "9" is a configured admin.
 */
export async function openConsoleTestbed(
  options: { senders?: Partial<Record<Platform, Sender>>; env?: Record<string, string> } = {},
): Promise<ConsoleTestbed> {
  const clock = new FakeClock(Date.parse("2026-11-24T01:00:00Z"));
  const bed = await openCaseTestbed(
    clock,
    options.env ?? {},
    { telegram: ["9"] },
    {
      senders: options.senders,
    },
  );
  const server = await startHttpServer({
    port: 0,
    host: "127.0.0.1",
    routes: [],
    ready: () => true,
    log: () => {},
    mounts: [adminConsole(bed.app, bed.bot, () => {})],
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const base = `http://127.0.0.1:${port}/admin`;
  return {
    ...bed,
    clock,
    server,
    base,
    async requestLink(userId) {
      const reply = new RecordingReply();
      await bed.handle(
        chatMessage("/console", { id: userId, type: "dm" }, { id: userId, name: "管理员" }),
        reply,
      );
      const m = /(https?:\/\/\S+\/signin\?token=[\w-]+)/.exec(reply.text());
      return m?.[1]?.replace(/^https?:\/\/[^/]+\/admin/, base);
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      bed.cleanup();
    },
  };
}

/** A browser-like HTTP client over fetch: keeps cookies, never follows redirects by itself. */
export class CookieClient {
  readonly cookies = new Map<string, string>();

  constructor(private readonly origin: string) {}

  async get(path: string): Promise<Response> {
    return this.request("GET", path);
  }

  async post(
    path: string,
    form: Record<string, string> | FormData,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    const body = form instanceof FormData ? form : new URLSearchParams(form);
    return this.request("POST", path, body, headers);
  }

  async request(
    method: string,
    path: string,
    body?: URLSearchParams | FormData,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    const url = path.startsWith("http") ? path : `${this.origin}${path}`;
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const res = await fetch(url, {
      method,
      body,
      redirect: "manual",
      headers: { ...(cookie ? { cookie } : {}), ...headers },
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (/max-age=0/i.test(line) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  /** Opens a sign-in link and presses its button; the response of the sign-in POST. */
  async signInWithLink(link: string): Promise<Response> {
    const page = await (await this.get(link)).text();
    const token = /name="token" value="([^"]+)"/.exec(page)?.[1] ?? "";
    const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? "";
    return this.post("/admin/signin/link", { token, csrf });
  }

  /** The CSRF token of the signed-in session, as every page carries it. */
  async csrf(): Promise<string> {
    const page = await (await this.get("/admin/roster")).text();
    return /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? "";
  }
}
