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

export { CookieClient } from "./cookie-client.js";
