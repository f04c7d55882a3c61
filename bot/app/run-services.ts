import type { Server } from "node:http";
import { type Clock, systemClock } from "../features/broadcast/dispatcher.js";
import type { Log } from "../kernel/log.js";
import type { PlatformAdapter } from "../kernel/platform-adapter.js";
import { type HttpMount, startHttpServer } from "./http-server.js";
import { PlatformSupervisor } from "./platform-supervisor.js";

export interface RunningServices {
  server?: Server | undefined;
  /** Stops receiving, lets in-flight work finish, closes the server (the caller bounds the wait). */
  stop(): Promise<void>;
  /** Drops every open connection at once: for when the shutdown deadline has passed. */
  forceClose(): void;
}

/**
 * Starts the one HTTP server (health, readiness, every adapter's webhook
 * routes) first, so health checks answer while the platforms connect; then
 * the platforms under a supervisor that retries the unreachable ones while
 * the others serve. Readiness is false until every configured platform is up;
 * a webhook route of a platform not yet up answers 503, so its platform
 * delivers again later.
 */
export async function runServices(options: {
  adapters: PlatformAdapter[];
  port: number;
  log: Log;
  host?: string;
  clock?: Clock;
  /** First retry pause after a platform failed to start (doubling up to a minute). */
  retryDelayMs?: number;
  /** Besides the platforms: whether what the instance needs is up (the shared database). */
  healthy?: () => boolean;
  /** Apps under a path prefix of the same server (the admin console). */
  mounts?: readonly HttpMount[];
}): Promise<RunningServices> {
  const { adapters, log } = options;
  const supervisor = new PlatformSupervisor({
    adapters,
    log,
    clock: options.clock ?? systemClock,
    initialDelayMs: options.retryDelayMs,
  });
  const server = await startHttpServer({
    port: options.port,
    host: options.host,
    routes: adapters.flatMap((a) => a.routes()),
    ready: () => supervisor.ready() && (options.healthy?.() ?? true),
    accepting: options.healthy,
    log,
    mounts: options.mounts,
  });
  log("info", "http server listening", { port: addressPort(server) });
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
  try {
    await supervisor.start();
  } catch (error) {
    server.closeAllConnections();
    await close();
    throw error;
  }
  return {
    server,
    async stop() {
      const closed = close();
      await supervisor.stop();
      await closed;
    },
    forceClose: () => server.closeAllConnections(),
  };
}

function addressPort(server: Server): number | undefined {
  const address = server.address();
  return typeof address === "object" && address ? address.port : undefined;
}
