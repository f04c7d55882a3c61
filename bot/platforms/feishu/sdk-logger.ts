import { inspect } from "node:util";
import type { Logger } from "@larksuiteoapi/node-sdk";
import type { Log } from "../../kernel/log.js";

/**
 * The SDK's logs into the app's structured log, so nothing goes to stdout on
 * its own. The SDK logs every failed API call as an error; the adapter and
 * the broadcast dispatcher already report those with their meaning, so only
 * the long connection's own complaints ("[ws] …": undecodable frames,
 * handshake failures) stay warnings and the rest is debug.
 */
export function sdkLogger(log: Log): Logger {
  const write =
    (serious: boolean) =>
    (...parts: unknown[]): void => {
      const text = flatten(parts).join(" ");
      log(serious && text.startsWith("[ws]") ? "warn" : "debug", text, { source: "feishu-sdk" });
    };
  return {
    error: write(true),
    warn: write(true),
    info: write(false),
    debug: write(false),
    trace: () => {},
  };
}

/** The SDK's logger proxy hands over its arguments as one array. */
function flatten(parts: unknown[]): string[] {
  return parts.flatMap((p) =>
    Array.isArray(p)
      ? flatten(p)
      : [
          p instanceof Error
            ? p.message
            : typeof p === "string"
              ? p
              : inspect(p, { depth: 2, breakLength: Number.POSITIVE_INFINITY }),
        ],
  );
}
