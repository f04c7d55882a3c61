import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AdapterRoute } from "../adapters/platform-adapter.js";
import type { Log } from "../core/core-deps.js";

/**
 * The one HTTP server on PORT: health and readiness for the orchestrator, and
 * the webhook routes of the chat adapters (Slack events, Telegram webhook).
 */
export function startHttpServer(options: {
  port: number;
  routes: AdapterRoute[];
  ready: () => boolean;
  log: Log;
  host?: string;
}): Promise<Server> {
  const { routes, ready, log } = options;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method === "GET" && path === "/healthz") return json(res, 200, { status: "ok" });
    if (req.method === "GET" && path === "/readyz") {
      const ok = ready();
      return json(res, ok ? 200 : 503, { status: ok ? "ready" : "starting" });
    }
    const route = routes.find((r) => r.method === req.method && r.path === path);
    if (!route) return json(res, 404, { error: "not found" });
    // Platforms send small JSON or form bodies; a huge one is refused before any adapter reads it.
    const length = Number(req.headers["content-length"] ?? 0);
    if (length > MAX_BODY_BYTES) {
      log("warn", "request body too large", { path, bytes: length });
      res.setHeader("connection", "close");
      return json(res, 413, { error: "request body too large" });
    }
    try {
      route.handler(req, res);
    } catch (error) {
      log("error", "route failed", {
        path,
        error: error instanceof Error ? error.message : String(error),
      });
      if (!res.headersSent) json(res, 500, { error: "internal error" });
    }
  });
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

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}
