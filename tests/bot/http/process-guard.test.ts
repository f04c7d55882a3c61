import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const GUARD = fileURLToPath(new URL("../../../bot/app/process-guard.ts", import.meta.url));

/**
 * An error that escapes every request guard — a rejection inside an SDK's own
 * fire-and-forget code, as telegraf's webhook and bolt's receiver had — must
 * be logged once and must not end the server. In a child process, because
 * that is what Node would end.
 */
describe("the process guard", () => {
  it("logs an unhandled rejection and an uncaught exception once each and keeps the process alive", () => {
    const script = `
      const { installProcessGuard } = await import(${JSON.stringify(GUARD)});
      const lines = [];
      installProcessGuard((level, msg, fields) => lines.push({ level, msg, error: fields?.error }));
      Promise.reject(new TypeError("Cannot read properties of null (reading 'update_id')"));
      setTimeout(() => { throw new Error("thrown from a timer"); }, 0);
      setTimeout(() => { console.log(JSON.stringify(lines)); process.exitCode = 0; }, 50);
    `;
    const run = spawnSync(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", script],
      {
        encoding: "utf8",
        timeout: 20_000,
      },
    );
    expect(run.status, run.stderr).toBe(0);
    const lines = JSON.parse(run.stdout.trim()) as { level: string; msg: string; error: string }[];
    expect(lines).toEqual([
      {
        level: "error",
        msg: "unhandled rejection (the process keeps running)",
        error: "Cannot read properties of null (reading 'update_id')",
      },
      {
        level: "error",
        msg: "uncaught exception (the process keeps running)",
        error: "thrown from a timer",
      },
    ]);
  });
});
