import { type ChildProcess, spawn } from "node:child_process";
import { EventEmitter } from "node:events";
import { fileURLToPath } from "node:url";

const CLI = fileURLToPath(new URL("../../bot/cli.ts", import.meta.url));
/** The built bin (tests/global-build.ts builds it): starts in a fraction of tsx's time. */
const BUILT = fileURLToPath(new URL("../../dist/bot/cli.js", import.meta.url));

export interface LogLine {
  level?: string;
  msg?: string;
  [field: string]: unknown;
}

export interface StartedChild {
  child: ChildProcess;
  /** Every JSON log line the process wrote to stderr so far. */
  logs: LogLine[];
  /** Resolves with the first log line matching, past or future; rejects after `timeoutMs`. */
  waitForLog(match: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  /** The HTTP port, once the server is listening. */
  port(timeoutMs?: number): Promise<number>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const alive = new Set<ChildProcess>();

/**
 * SIGKILLs every child spawnStart started that is still running: for
 * afterAll, so a test that failed or timed out (as they do against code that
 * never exits) leaves no server behind.
 */
export function killStartedChildren(): void {
  for (const child of alive) child.kill("SIGKILL");
  alive.clear();
}

/**
 * `qingfeng start` in a child process with JSON logs at info level, its
 * stderr parsed; from the sources through tsx, or the built bin (`built`)
 * where several start at once.
 */
export function spawnStart(
  env: Record<string, string>,
  options: { built?: boolean } = {},
): StartedChild {
  const args = options.built ? [BUILT, "start"] : ["--import", "tsx", CLI, "start"];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, LOG_LEVEL: "info", PORT: "0", ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  alive.add(child);
  child.once("exit", () => alive.delete(child));
  const logs: LogLine[] = [];
  const events = new EventEmitter();
  let partial = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    partial += chunk.toString("utf8");
    const lines = partial.split("\n");
    partial = lines.pop() ?? "";
    for (const text of lines) {
      if (!text.startsWith("{")) continue;
      try {
        const line = JSON.parse(text) as LogLine;
        logs.push(line);
        events.emit("line", line);
      } catch {
        // not a log line
      }
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const waitForLog = (match: (line: LogLine) => boolean, timeoutMs = 30_000) =>
    new Promise<LogLine>((resolve, reject) => {
      const found = logs.find(match);
      if (found) return resolve(found);
      const onLine = (line: LogLine) => {
        if (!match(line)) return;
        clearTimeout(timer);
        events.off("line", onLine);
        resolve(line);
      };
      const timer = setTimeout(() => {
        events.off("line", onLine);
        reject(
          new Error(
            `no matching log line within ${timeoutMs} ms; got: ${logs.map((l) => l.msg).join(" | ")}`,
          ),
        );
      }, timeoutMs);
      events.on("line", onLine);
    });
  return {
    child,
    logs,
    waitForLog,
    port: async (timeoutMs) =>
      Number((await waitForLog((l) => l.msg === "http server listening", timeoutMs)).port),
    exited,
  };
}
