import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/** Nearest-rank percentile (p in 0–100) of unsorted samples; NaN when empty. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] as number;
}

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  max: number;
  mean: number;
}

export function summarize(samples: number[]): Summary {
  const mean = samples.reduce((a, b) => a + b, 0) / Math.max(1, samples.length);
  return {
    n: samples.length,
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    max: samples.length === 0 ? Number.NaN : Math.max(...samples),
    mean,
  };
}

/** Runs `fn` and returns its result with the wall time in ms. */
export async function timed<T>(fn: () => Promise<T> | T): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - start };
}

export function fileSize(path: string): number {
  return existsSync(path) ? statSync(path).size : 0;
}

/** Total size of the files under a directory, recursively; 0 when it does not exist. */
export function dirSize(dir: string): number {
  if (!existsSync(dir)) return 0;
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? dirSize(path) : statSync(path).size;
  }
  return total;
}

/** Characters (code points) of UTF-8 text files, recursively under the given paths. */
export function countChars(paths: string[]): { files: number; chars: number; bytes: number } {
  let files = 0;
  let chars = 0;
  let bytes = 0;
  const visit = (path: string) => {
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path).sort()) visit(join(path, name));
      return;
    }
    if (!/\.(txt|md)$/i.test(path)) return;
    const buffer = readFileSync(path);
    files++;
    bytes += buffer.length;
    chars += [...buffer.toString("utf8")].length;
  };
  for (const path of paths) visit(path);
  return { files, chars, bytes };
}

/** Peak resident set size of this process so far, in MB. */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export const mb = (bytes: number): number => bytes / (1024 * 1024);

export interface ChildRun {
  ms: number;
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Spawns a process and waits for it, timing the wall clock from spawn to exit. */
export function runChild(command: string, args: string[], env: NodeJS.ProcessEnv): ChildRun {
  const start = performance.now();
  const result = spawnSync(command, args, {
    env,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    timeout: 120_000,
  });
  const ms = performance.now() - start;
  if (result.error) throw result.error;
  return { ms, status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const GNU_TIME = "/usr/bin/time";

/**
 * Runs `node <args>` once and reports the child's peak RSS in MB: through
 * GNU time -v when it is installed, otherwise through a `node -e` wrapper
 * that imports the script, calls its main() and prints resourceUsage().maxRSS.
 */
export function childPeakRss(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): { rssMb: number; via: string; run: ChildRun } {
  const gnu = existsSync(GNU_TIME) && spawnSync(GNU_TIME, ["-v", "true"]).status === 0;
  if (gnu) {
    const run = runChild(GNU_TIME, ["-v", process.execPath, script, ...args], env);
    const kb = /Maximum resident set size \(kbytes\):\s*(\d+)/.exec(run.stderr)?.[1];
    return { rssMb: kb === undefined ? Number.NaN : Number(kb) / 1024, via: "time -v", run };
  }
  const wrapper = [
    `const { main } = await import(${JSON.stringify(pathToFileURL(script).href)});`,
    "process.exitCode = await main(process.argv.slice(1));",
    'process.stderr.write("\\nQF_MAXRSS_KB=" + process.resourceUsage().maxRSS + "\\n");',
  ].join("\n");
  const run = runChild(process.execPath, ["--input-type=module", "-e", wrapper, ...args], env);
  const kb = /QF_MAXRSS_KB=(\d+)/.exec(run.stderr)?.[1];
  return { rssMb: kb === undefined ? Number.NaN : Number(kb) / 1024, via: "node -e", run };
}

/** Fixed-width text table: first column left-aligned, the rest right-aligned. */
export function table(header: string[], rows: string[][]): string {
  const width = (s: string) =>
    [...s].reduce((w, ch) => w + (/[\u1100-\uffef]/.test(ch) ? 2 : 1), 0);
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ""))));
  const pad = (s: string, i: number) => {
    const fill = " ".repeat(Math.max(0, (widths[i] ?? 0) - width(s)));
    return i === 0 ? s + fill : fill + s;
  };
  const line = (cells: string[]) => cells.map((c, i) => pad(c, i)).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

export const fmt = (n: number, digits = 1): string =>
  Number.isFinite(n) ? n.toFixed(digits) : "n/a";

/** Rounds every number in a JSON-able value to `digits` decimals, for a stable one-line report. */
export function rounded<T>(value: T, digits = 2): T {
  return JSON.parse(
    JSON.stringify(value, (_key, v) =>
      typeof v === "number" && !Number.isInteger(v) ? Number(v.toFixed(digits)) : v,
    ),
  ) as T;
}
