import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

describe("the qingfeng bin", () => {
  it("runs when started through a link, as npm's bin links do", () => {
    const dir = mkdtempSync(join(tmpdir(), "qingfeng-bin-"));
    try {
      const link = join(dir, "qingfeng");
      symlinkSync(fileURLToPath(new URL("../../bot/cli.ts", import.meta.url)), link);
      const out = execFileSync(process.execPath, ["--import", "tsx", link, "help"], {
        encoding: "utf8",
        env: { ...process.env, QINGFENG_DATA_DIR: join(dir, "data") },
      });
      expect(out).toContain('ask "<question>"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
