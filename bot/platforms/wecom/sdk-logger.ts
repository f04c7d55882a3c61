import type { Logger } from "@wecom/aibot-node-sdk";
import type { Log } from "../../kernel/log.js";

/** Longest SDK log line kept: its warnings can quote a whole frame. */
const MAX_LINE = 300;

/**
 * The SDK's logger as JSON log lines. Its debug lines print every frame body
 * (questions and user ids included) and are dropped; its info lines (each
 * connect step) go to debug, since the adapter logs the state changes that
 * matter; warnings and errors stay warnings — the adapter reports the errors
 * that need an operator itself.
 */
export function sdkLogger(log: Log): Logger {
  const line = (message: string, args: unknown[]) =>
    [message, ...args.map((a) => (a instanceof Error ? a.message : String(a)))]
      .join(" ")
      .slice(0, MAX_LINE);
  return {
    debug: () => {},
    info: (message, ...args) => log("debug", "wecom sdk", { detail: line(message, args) }),
    warn: (message, ...args) => log("warn", "wecom sdk", { detail: line(message, args) }),
    error: (message, ...args) => log("warn", "wecom sdk", { detail: line(message, args) }),
  };
}
