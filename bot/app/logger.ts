import type { Log } from "../kernel/log.js";

const ORDER = { debug: 10, info: 20, warn: 30, error: 40 } as const;

/** Structured logs: one JSON object per line on stderr, below `level` dropped. */
export function jsonLogger(
  level: keyof typeof ORDER,
  write: (line: string) => void = (l) => process.stderr.write(l),
): Log {
  return (lvl, msg, fields) => {
    if (ORDER[lvl] < ORDER[level]) return;
    write(`${JSON.stringify({ time: new Date().toISOString(), level: lvl, msg, ...fields })}\n`);
  };
}
