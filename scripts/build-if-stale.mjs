#!/usr/bin/env node
/**
 * `npm start` and `npm run bench` build first, but a build with nothing to do
 * still costs tsc ~5 s (it re-reads and re-checks every file even when
 * incremental). This compares modification times instead: the build runs
 * only when a source is newer than the stamp the last successful build left
 * in dist/, or when an output is missing. Plain JavaScript without
 * dependencies, so it runs before anything is compiled.
 *
 *   node scripts/build-if-stale.mjs           build when stale
 *   node scripts/build-if-stale.mjs --always  build unconditionally (npm run build)
 */
import { spawnSync } from "node:child_process";
import {
  closeSync,
  existsSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
} from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const STAMP = ".build-stamp";
/** Files beside the sources that change what tsc emits. */
const CONFIG_FILES = ["package.json", "package-lock.json", "tsconfig.json", "tsconfig.build.json"];
/** What `npm start` and `npm run bench` run. */
const ENTRY_POINTS = ["bot/cli.js", "tests/bench/run.js"];

/**
 * Why `root` needs a build, or undefined when dist/ is up to date. A deleted
 * or renamed source changes its directory's time, so directories count too.
 * @param {string} root
 * @param {{ include: string[], outDir: string, entryPoints?: string[] }} project
 * @returns {string | undefined}
 */
export function staleReason(root, project) {
  const outDir = join(root, project.outDir);
  for (const entry of project.entryPoints ?? ENTRY_POINTS) {
    if (!existsSync(join(outDir, entry))) return `${project.outDir}/${entry} is missing`;
  }
  const stamp = mtimeOf(join(outDir, STAMP));
  if (stamp === undefined) return "no record of a previous build";
  const inputs = [...CONFIG_FILES, ...project.include];
  for (const input of inputs) {
    const newer = newerThan(join(root, input), stamp);
    if (newer !== undefined) return `${newer.slice(root.length + 1)} changed since the last build`;
  }
  return undefined;
}

/**
 * The first .ts file or directory under `path` modified after `time`.
 * @param {string} path
 * @param {number} time
 * @returns {string | undefined}
 */
function newerThan(path, time) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return undefined;
  }
  if (stat.mtimeMs > time) return path;
  if (!stat.isDirectory()) return undefined;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    if (!entry.isDirectory() && !entry.name.endsWith(".ts")) continue;
    const found = newerThan(join(path, entry.name), time);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** @param {string} path */
function mtimeOf(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

/**
 * Records a successful build that started at `startedMs`: an edit made while
 * tsc ran is newer than the stamp, so the next start builds again.
 * @param {string} outDir
 * @param {number} startedMs
 */
export function writeStamp(outDir, startedMs) {
  const file = join(outDir, STAMP);
  closeSync(openSync(file, "w"));
  const started = new Date(startedMs);
  utimesSync(file, started, started);
}

/** @param {string} root */
function readProject(root) {
  /** @type {{ include?: string[], compilerOptions?: { outDir?: string, tsBuildInfoFile?: string } }} */
  const build = JSON.parse(readFileSync(join(root, "tsconfig.build.json"), "utf8"));
  /** @type {{ compilerOptions?: { outDir?: string } }} */
  const base = JSON.parse(readFileSync(join(root, "tsconfig.json"), "utf8"));
  return {
    include: build.include ?? [],
    outDir: build.compilerOptions?.outDir ?? base.compilerOptions?.outDir ?? "dist",
    buildInfo: build.compilerOptions?.tsBuildInfoFile,
  };
}

function main() {
  const root = resolve(fileURLToPath(new URL("..", import.meta.url)));
  const project = readProject(root);
  const always = process.argv.includes("--always");
  const reason = always ? "asked to" : staleReason(root, project);
  if (reason === undefined) return 0;
  // tsc --incremental trusts its build info and does not re-emit a deleted output.
  if (reason.includes("is missing") && project.buildInfo) {
    rmSync(join(root, project.buildInfo), { force: true });
  }
  if (!always) process.stderr.write(`Building (${reason})…\n`);
  const started = Date.now();
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  const run = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], {
    cwd: root,
    stdio: "inherit",
  });
  if (run.status !== 0) return run.status ?? 1;
  writeStamp(join(root, project.outDir), started);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main();
}
