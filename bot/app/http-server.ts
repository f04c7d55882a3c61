import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Log } from "../kernel/log.js";
import { type AdapterRoute, RequestRejected } from "../kernel/platform-adapter.js";
import { BodyTooLarge, readBoundedBody } from "./read-body.js";

/** A request handler mounted under a path prefix of the one HTTP server. */
export interface HttpMount {
  prefix: string;
  listener: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;
}

/**
 * The one HTTP server on PORT: health and readiness for the orchestrator, the
 * webhook routes of the chat adapters (Slack events, Telegram webhook), and
 * mounted apps under their prefix (the admin console at /admin), which read
 * their own bodies within their own limits.
 * Every request is guarded: headers are checked before the body is read, the
 * body is read within its limit as it streams, and whatever a route throws or
 * rejects becomes one status and one log line — never a crashed process.
 */
export function startHttpServer(options: {
  port: number;
  routes: AdapterRoute[];
  ready: () => boolean;
  log: Log;
  host?: string;
  /**
   * False while the instance cannot take work (its shared database does not
   * answer): webhook routes answer 503 so the platform delivers again later
   * — to this instance or another — instead of an update acknowledged and lost.
   */
  accepting?: () => boolean;
  mounts?: readonly HttpMount[];
}): Promise<Server> {
  const { routes, ready, log } = options;
  const mounts = options.mounts ?? [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    if (req.method === "GET" && path === "/healthz") return json(res, 200, { status: "ok" });
    if (req.method === "GET" && path === "/readyz") {
      const ok = ready();
      return json(res, ok ? 200 : 503, { status: ok ? "ready" : "starting" });
    }
    const mount = mounts.find((m) => path === m.prefix || path.startsWith(`${m.prefix}/`));
    if (mount) {
      Promise.resolve(mount.listener(req, res)).catch((error: unknown) =>
        fail(res, log, path, error),
      );
      return;
    }
    const route = routes.find((r) => r.method === req.method && r.path === path);
    if (!route) {
      req.resume();
      return json(res, 404, { error: "not found" });
    }
    if (options.accepting && !options.accepting()) {
      return refuse(res, 503, "database unreachable; deliver again later");
    }
    serve(route, req, res).catch((error: unknown) => fail(res, log, path, error));
  });
  // A client that sends its body a byte at a time must not hold a connection for minutes.
  server.requestTimeout = 30_000;
  server.headersTimeout = 15_000;
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "0.0.0.0", () => {
      server.off("error", reject);
      resolve(server);
    });
  });
}

/** Webhook bodies from Telegram and Slack are a few kilobytes. */
export const MAX_BODY_BYTES = 1024 * 1024;

async function serve(
  route: AdapterRoute,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const limit = route.admit?.(req) ?? MAX_BODY_BYTES;
  const body = await readBoundedBody(req, limit);
  await route.handle(req, res, body);
}

/** One answer and one log line for whatever stopped a request. */
function fail(res: ServerResponse, log: Log, path: string, error: unknown): void {
  if (error instanceof BodyTooLarge) {
    log("warn", "request body too large", { path, limit: error.limit, bytes: error.seen });
    refuse(res, 413, "request body too large");
    return;
  }
  if (error instanceof RequestRejected) {
    log(error.status >= 500 ? "error" : "warn", "request rejected", {
      path,
      status: error.status,
      reason: error.message,
    });
    refuse(res, error.status, error.message);
    return;
  }
  log("error", "request failed", {
    path,
    error: error instanceof Error ? error.message : String(error),
  });
  refuse(res, 500, "internal error");
}

/**
 * Answers and closes the connection: the rest of a refused body is never
 * read (Node would otherwise drain it to keep the connection alive).
 */
function refuse(res: ServerResponse, status: number, error: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.shouldKeepAlive = false;
  res.once("finish", () => res.req.socket.destroy());
  res.writeHead(status, { "content-type": "application/json", connection: "close" });
  res.end(JSON.stringify({ error }));
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}
