import type { Log } from "../kernel/log.js";

/**
 * The last line of defence for a long-running server: an error that escapes
 * every per-request guard (a rejection inside an SDK's own fire-and-forget
 * code) is logged once with its stack and the process keeps serving, instead
 * of Node ending it. Returns the function that removes the guard.
 */
export function installProcessGuard(log: Log, target: NodeJS.EventEmitter = process): () => void {
  const onRejection = (reason: unknown) =>
    log("error", "unhandled rejection (the process keeps running)", describe(reason));
  const onException = (error: unknown) =>
    log("error", "uncaught exception (the process keeps running)", describe(error));
  target.on("unhandledRejection", onRejection);
  target.on("uncaughtException", onException);
  return () => {
    target.off("unhandledRejection", onRejection);
    target.off("uncaughtException", onException);
  };
}

function describe(error: unknown): Record<string, unknown> {
  return error instanceof Error
    ? { error: error.message, stack: error.stack }
    : { error: String(error) };
}
