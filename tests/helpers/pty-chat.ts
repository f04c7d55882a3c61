import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { BUILT_CLI } from "./built-cli.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** Terminal control sequences (cursor moves, line clears) dropped, so tests read the text. */
export function plainText(raw: string): string {
  return raw.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "").replace(/\r/g, "");
}

export interface PtyChat {
  /** Types a line and Enter. */
  type(line: string): void;
  /** Presses keys as they are: "\x03" is Ctrl-C, "\x04" Ctrl-D. */
  keys(bytes: string): void;
  /**
   * Reads until `expected` appears after what earlier waits consumed, and
   * returns the text read up to and including it; rejects after `timeoutMs`
   * with what was read.
   */
  waitFor(expected: string | RegExp, timeoutMs?: number): Promise<string>;
  /** Everything the terminal showed so far, control sequences dropped. */
  screen(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(): void;
}

/**
 * `qingfeng start` from the built bin in a pseudo-terminal (util-linux
 * `script` makes it), as a person runs it: stdin is a TTY, so the chat has
 * its prompt, line editing and Ctrl-C / Ctrl-D keys.
 */
export function spawnChatInPty(env: Record<string, string>): PtyChat {
  const command = `exec '${process.execPath}' '${BUILT_CLI}' start`;
  const child: ChildProcess = spawn(
    "script",
    ["--quiet", "--flush", "--return", "--command", command, "/dev/null"],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "",
        TERM: "xterm",
        LANG: "C.UTF-8",
        ...env,
      },
      stdio: ["pipe", "pipe", "pipe"],
    },
  );
  let raw = "";
  let consumed = 0;
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    raw += chunk.toString("utf8");
    for (const listener of listeners) listener();
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const waitFor = (expected: string | RegExp, timeoutMs = 30_000) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const text = plainText(raw);
        const rest = text.slice(consumed);
        let end = -1;
        if (typeof expected === "string") {
          const at = rest.indexOf(expected);
          if (at >= 0) end = at + expected.length;
        } else {
          const m = expected.exec(rest);
          if (m) end = m.index + m[0].length;
        }
        if (end < 0) return false;
        consumed += end;
        finish();
        resolve(rest.slice(0, end));
        return true;
      };
      const timer = setTimeout(() => {
        finish();
        reject(
          new Error(
            `${String(expected)} did not appear within ${timeoutMs} ms; after the last wait the terminal showed:\n${plainText(raw).slice(consumed)}`,
          ),
        );
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        listeners.delete(onChange);
      };
      const onChange = () => {
        check();
      };
      if (check()) return;
      listeners.add(onChange);
      // The child may exit without ever showing it: fail then, not at the timeout.
      exited.then(() => {
        if (listeners.has(onChange) && !check()) {
          finish();
          reject(
            new Error(
              `the chat exited before ${String(expected)} appeared:\n${plainText(raw).slice(consumed)}`,
            ),
          );
        }
      });
    });
  return {
    type: (line) => child.stdin?.write(`${line}\r`),
    keys: (bytes) => child.stdin?.write(bytes),
    waitFor,
    screen: () => plainText(raw),
    exited,
    kill: () => child.kill("SIGKILL"),
  };
}
