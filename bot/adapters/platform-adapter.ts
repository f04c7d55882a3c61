import type { IncomingMessage, ServerResponse } from "node:http";
import type { Platform } from "../core/events.js";

/** An HTTP route an adapter serves on the one shared server (PORT). */
export interface AdapterRoute {
  method: "POST";
  path: string;
  handler: (req: IncomingMessage, res: ServerResponse) => void;
}

/**
 * A chat transport. It maps its wire format to core events and calls the
 * core's handle(); `bot/main.ts` starts and stops it and mounts its routes.
 */
export interface PlatformAdapter {
  readonly platform: Platform;
  /** Starts receiving: long polling, Socket Mode, or webhook registration. */
  start(): Promise<void>;
  /** Stops receiving and lets in-flight work finish. */
  stop(): Promise<void>;
  /** Routes for webhook-style delivery (Slack events, Telegram webhook); empty when polling. */
  routes(): AdapterRoute[];
  /** True once the platform accepted us (e.g. getMe / auth.test succeeded). */
  ready(): boolean;
}
