import type { Server } from "node:http";
import type { PlatformAdapter } from "../adapters/platform-adapter.js";
import type { Log } from "../core/core-deps.js";
import { startHttpServer } from "./http-server.js";

export interface RunningServices {
  server?: Server | undefined;
  /** Stops receiving, lets in-flight work finish, closes the server. */
  stop(): Promise<void>;
}

/**
 * Starts the chat adapters and the one HTTP server (health, readiness, webhook
 * routes). A platform that fails to start is logged and the others go on;
 * readiness reports false until every started adapter is ready.
 */
export async function runServices(options: {
  adapters: PlatformAdapter[];
  port: number;
  log: Log;
  host?: string;
}): Promise<RunningServices> {
  const { adapters, log } = options;
  const started: PlatformAdapter[] = [];
  for (const adapter of adapters) {
    try {
      await adapter.start();
      started.push(adapter);
      log("info", "platform started", { platform: adapter.platform });
    } catch (error) {
      log("error", "platform failed to start", {
        platform: adapter.platform,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  if (started.length === 0)
    throw new Error("No chat platform could be started: see the errors above.");
  const server = await startHttpServer({
    port: options.port,
    host: options.host,
    routes: started.flatMap((a) => a.routes()),
    ready: () => started.every((a) => a.ready()),
    log,
  });
  log("info", "http server listening", { port: addressPort(server) });
  return {
    server,
    async stop() {
      await Promise.allSettled(started.map((a) => a.stop()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
    },
  };
}

function addressPort(server: Server): number | undefined {
  const address = server.address();
  return typeof address === "object" && address ? address.port : undefined;
}
