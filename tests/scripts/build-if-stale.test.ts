import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { staleReason, writeStamp } from "../../scripts/build-if-stale.mjs";

/** Fixed instants: the stale check compares times, so no test waits for a clock to move. */
const BEFORE_BUILD = new Date("2025-01-01T10:00:00Z");
const BUILD = new Date("2025-01-01T11:00:00Z").getTime();
const AFTER_BUILD = new Date("2025-01-01T12:00:00Z");

const PROJECT = { include: ["bot", "lib", "tests/helpers/fake.ts"], outDir: "dist" };
const SOURCES = [
  "package.json",
  "package-lock.json",
  "tsconfig.json",
  "tsconfig.build.json",
  "bot/cli.ts",
  "bot/app/config.ts",
  "lib/errors.ts",
  "lib/lexicon.txt",
  "tests/helpers/fake.ts",
];

describe("build-if-stale", () => {
  let root: string;
  const write = (path: string, time = BEFORE_BUILD) => {
    const file = join(root, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, "x");
    utimesSync(file, time, time);
  };
  /** Directories get the times their entries were last added or removed at. */
  const settleDirs = (time = BEFORE_BUILD) => {
    for (const dir of ["bot", "bot/app", "lib", "tests", "tests/helpers"]) {
      utimesSync(join(root, dir), time, time);
    }
  };
  const build = () => {
    write("dist/bot/cli.js");
    write("dist/tests/bench/run.js");
    writeStamp(join(root, "dist"), BUILD);
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "qingfeng-stale-"));
    for (const path of SOURCES) write(path);
    settleDirs();
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("builds a fresh clone (no dist)", () => {
    expect(staleReason(root, PROJECT)).toBe("dist/bot/cli.js is missing");
  });

  it("builds when the outputs exist but no build recorded them", () => {
    write("dist/bot/cli.js");
    write("dist/tests/bench/run.js");
    expect(staleReason(root, PROJECT)).toBe("no record of a previous build");
  });

  it("does nothing when no source changed since the last build", () => {
    build();
    expect(staleReason(root, PROJECT)).toBeUndefined();
  });

  it.each([
    "bot/app/config.ts",
    "lib/errors.ts",
    "tests/helpers/fake.ts",
    "tsconfig.json",
    "tsconfig.build.json",
    "package.json",
    "package-lock.json",
  ])("rebuilds when %s changed", (path) => {
    build();
    write(path, AFTER_BUILD);
    expect(staleReason(root, PROJECT)).toBe(`${path} changed since the last build`);
  });

  it("rebuilds when a source was added with an old time (its directory changed)", () => {
    build();
    write("bot/app/copied-in.ts");
    utimesSync(join(root, "bot/app"), AFTER_BUILD, AFTER_BUILD);
    expect(staleReason(root, PROJECT)).toBe("bot/app changed since the last build");
  });

  it("rebuilds when a source was deleted", () => {
    build();
    // The deletion itself stamps the directory with the present, later than the 2025 build.
    rmSync(join(root, "lib/errors.ts"));
    expect(staleReason(root, PROJECT)).toBe("lib changed since the last build");
  });

  it("ignores files that are not TypeScript sources and paths outside the build", () => {
    build();
    write("lib/lexicon.txt", AFTER_BUILD);
    write("README.md", AFTER_BUILD);
    write("tests/other.test.ts", AFTER_BUILD);
    settleDirs();
    expect(staleReason(root, PROJECT)).toBeUndefined();
  });

  it("rebuilds when an output was deleted", () => {
    build();
    rmSync(join(root, "dist/tests/bench/run.js"));
    expect(staleReason(root, PROJECT)).toBe("dist/tests/bench/run.js is missing");
  });

  it("counts an edit made while the build ran: the stamp carries the build's start", () => {
    const duringBuild = new Date(BUILD + 1000);
    build();
    write("lib/errors.ts", duringBuild);
    expect(staleReason(root, PROJECT)).toBe("lib/errors.ts changed since the last build");
  });
});
