import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../bot/app/config.js";
import { openKnowledgeBase } from "../../../bot/app/knowledge-base.js";
import { writePolicyFiles } from "../../helpers/policy-files.js";

const CLI = fileURLToPath(new URL("../../../bot/cli.ts", import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function ingest(dataDir: string, paths: string[]): { child: ChildProcess; done: Promise<Run> } {
  const child = spawn(process.execPath, ["--import", "tsx", CLI, "ingest", ...paths, "--json"], {
    env: { ...process.env, QINGFENG_DATA_DIR: dataDir, LOG_LEVEL: "error" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (c) => {
    stdout += c;
  });
  child.stderr?.on("data", (c) => {
    stderr += c;
  });
  const done = new Promise<Run>((resolve) =>
    child.once("exit", (code) => resolve({ code, stdout, stderr })),
  );
  return { child, done };
}

/**
 * Two `qingfeng ingest` processes on one data directory at the same time —
 * a cron job and an admin, say. Both used to lose files to "database is
 * locked", reported as corrupt files. Each ingests its own 120 files plus 40
 * both ingest; every file must be stored, by one or the other.
 */
describe("two ingests on one data directory", () => {
  let dir: string;
  let dataDir: string;
  let a: string[];
  let b: string[];
  let shared: string[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "qingfeng-two-ingests-"));
    dataDir = join(dir, "data");
    a = writePolicyFiles(join(dir, "a"), "甲", 120);
    b = writePolicyFiles(join(dir, "b"), "乙", 120);
    shared = writePolicyFiles(join(dir, "shared"), "丙", 40);
    // The shipped corpus first, as a running installation would have it.
    const kb = await openKnowledgeBase(loadConfig({ QINGFENG_DATA_DIR: dataDir }));
    await kb.ensureDefaultCorpus();
    kb.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("both succeed and every file is stored once", async () => {
    const first = ingest(dataDir, [join(dir, "a"), join(dir, "shared")]);
    const second = ingest(dataDir, [join(dir, "b"), join(dir, "shared")]);
    const [ra, rb] = await Promise.all([first.done, second.done]);
    for (const run of [ra, rb]) {
      const report = JSON.parse(run.stdout) as {
        errors: { file: string; code: string; message: string }[];
      };
      expect(report.errors, run.stderr).toEqual([]);
      expect(run.code).toBe(0);
    }
    const kb = await openKnowledgeBase(loadConfig({ QINGFENG_DATA_DIR: dataDir }));
    try {
      const sources = new Set((await kb.store.listSources()).map((s) => s.path));
      for (const file of [...a, ...b, ...shared]) expect(sources.has(file), file).toBe(true);
      expect(sources.size).toBe(5 + a.length + b.length + shared.length);
    } finally {
      kb.close();
    }
  }, 120_000);
});
