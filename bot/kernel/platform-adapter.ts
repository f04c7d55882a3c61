import type { IncomingMessage, ServerResponse } from "node:http";
import { QingfengError } from "./errors.js";
import type { Platform } from "./events.js";

/**
 * An HTTP route an adapter serves on the one shared server (PORT). The server
 * reads the body, never the adapter: `admit` sees the headers first (refuse
 * there and no byte of the body is read), the body is read within the limit
 * `admit` returns while it streams in, and only then does `handle` see it.
 */
export interface AdapterRoute {
  method: "POST";
  path: string;
  /**
   * Checks the headers (secret, signature headers, readiness) before any of the
   * body is read. Throw RequestRejected to refuse; return the largest body
   * accepted in bytes (default MAX_BODY_BYTES).
   */
  admit?: (req: IncomingMessage) => number | undefined;
  /** Gets the whole body. Throw RequestRejected for a 4xx/5xx; anything else is a 500, logged once. */
  handle: (req: IncomingMessage, res: ServerResponse, body: Buffer) => void | Promise<void>;
}

/** A request refused with an HTTP status: the server answers it and logs it once. */
export class RequestRejected extends Error {
  constructor(
    readonly status: number,
    reason: string,
  ) {
    super(reason);
    this.name = "RequestRejected";
  }
}

/**
 * A chat transport. It maps its wire format to core events and calls the
 * core's handle(); the app starts and stops it and mounts its routes.
 */
export interface PlatformAdapter {
  readonly platform: Platform;
  /**
   * Connects: identity check, then long polling, Socket Mode or webhook
   * registration. Every outbound call has a timeout; a failure is a
   * PlatformStartError saying whether trying again can help.
   */
  start(): Promise<void>;
  /** Stops receiving and waits for in-flight work (the caller bounds the wait). */
  stop(): Promise<void>;
  /** Routes for webhook-style delivery (Slack events, Telegram webhook); empty when polling. */
  routes(): AdapterRoute[];
  /** True once the platform accepted us (e.g. getMe / auth.test succeeded). */
  ready(): boolean;
}

/**
 * A platform that could not be started. PLATFORM_UNREACHABLE (network,
 * timeout, 5xx, rate limit) is tried again with backoff; PLATFORM_REJECTED
 * (the token or secret is wrong) is not: only a configuration change helps.
 */
export class PlatformStartError extends QingfengError {
  constructor(
    readonly platform: Platform,
    code: "PLATFORM_UNREACHABLE" | "PLATFORM_REJECTED",
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
    this.name = "PlatformStartError";
  }

  /** Whether trying again later can succeed. */
  get retryable(): boolean {
    return this.code === "PLATFORM_UNREACHABLE";
  }
}
