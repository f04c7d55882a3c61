import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

describe("the DingTalk SDK stays in its platform folder", () => {
  it("is imported by no file outside bot/platforms/dingtalk (kernel, features, app, knowledge, lib)", () => {
    const importers = ["lib", "knowledge", "ingest", "bot"]
      .flatMap(sources)
      .filter((file) =>
        /from\s+["']dingtalk-stream["']/.test(readFileSync(join(ROOT, file), "utf8")),
      )
      .map((file) => file.split("\\").join("/"));
    expect(importers.length).toBeGreaterThan(0);
    expect(importers.filter((f) => !f.startsWith("bot/platforms/dingtalk/"))).toEqual([]);
  });
});
