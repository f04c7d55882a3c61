import { spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** The bin as npm links it: what a user runs (built by tests/global-build.ts). */
export const BUILT_CLI = join(ROOT, "dist", "bot", "cli.js");
export interface BinRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface BinOptions {
  env: NodeJS.ProcessEnv;
  cwd: string;
  /**
   * When the reader of stdout goes away: "at-once" before the command writes
   * anything (`qingfeng stats | true`), "after-first-chunk" as `| head -1` does.
   */
  closeStdout?: "at-once" | "after-first-chunk";
  /** Typed into stdin, which then ends; without it stdin is closed. */
  input?: string;
}

/** `node dist/bot/cli.js …args` in a child process. */
export function runBin(args: string[], options: BinOptions): Promise<BinRun> {
  const child = spawn(process.execPath, [BUILT_CLI, ...args], {
    cwd: options.cwd,
    env: options.env,
    stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
  });
  if (options.input !== undefined) child.stdin?.end(options.input);
  const { stdout: out, stderr: err } = child;
  if (!out || !err) throw new Error("spawned without stdout/stderr pipes");
  let stdout = "";
  let stderr = "";
  if (options.closeStdout === "at-once") out.destroy();
  else
    out.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
      if (options.closeStdout === "after-first-chunk") out.destroy();
    });
  err.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}
