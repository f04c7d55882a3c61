import { execFileSync, spawn } from "node:child_process";
import { existsSync, readdirSync, statSync, utimesSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** The bin as npm links it: what a user runs. */
export const BUILT_CLI = join(ROOT, "dist", "bot", "cli.js");
const BUILD_INFO = join(ROOT, "dist", ".tsbuildinfo");
const SOURCES = ["lib", "bot", "knowledge", "ingest"];
const CONFIGS = ["tsconfig.json", "tsconfig.build.json", "package.json"];

/**
 * Runs `npm run build` unless dist/ is newer than every source: a test of the
 * built bin must not test yesterday's build, and must not pay for a build
 * (tens of seconds on a loaded machine) when nothing changed.
 */
export function ensureBuilt(): void {
  if (existsSync(BUILT_CLI) && existsSync(BUILD_INFO)) {
    const built = statSync(BUILD_INFO).mtimeMs;
    if (newestSource() <= built) return;
  }
  execFileSync("npm", ["run", "build", "--silent"], { cwd: ROOT, stdio: "inherit" });
  // tsc leaves its build info alone when touched files did not change: mark the check done.
  const now = new Date();
  utimesSync(BUILD_INFO, now, now);
}

function newestSource(): number {
  let newest = Math.max(...CONFIGS.map((f) => statSync(join(ROOT, f)).mtimeMs));
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".ts")) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const dir of SOURCES) walk(join(ROOT, dir));
  return newest;
}

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
