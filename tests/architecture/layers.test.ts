import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { checkLayers, type LayerViolation } from "../../scripts/layers/check-layers.js";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "../..");
const trees: string[] = [];

/** A throwaway tree mirroring the project layout: path → source. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "qingfeng-layers-"));
  trees.push(root);
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), source);
  }
  return root;
}

/** `rule file:line`, the part of a violation a reader acts on. */
const located = (violations: LayerViolation[]): string[] =>
  violations.map((v) => `${v.rule} ${v.file}:${v.line}`);

afterEach(() => {
  for (const root of trees.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe("check-layers", () => {
  it("passes on the real tree", () => {
    expect(checkLayers(repoRoot).map((v) => `${v.file}:${v.line} ${v.rule} ${v.message}`)).toEqual(
      [],
    );
  });

  it("reports imports against the layer direction, type-only, re-exported or dynamic", () => {
    const root = tree({
      "lib/text.ts": 'import type { Lang } from "../bot/kernel/i18n.js";\nexport type T = Lang;\n',
      "knowledge/types.ts": "export type Chunk = string;\n",
      "knowledge/answer.ts":
        'import type { Draft } from "../ingest/draft.js";\nexport type A = Draft;\n',
      "knowledge/reexport.ts": 'export { parse } from "../ingest/parse.js";\n',
      "knowledge/lazy.ts":
        'export async function load() {\n  return import("../ingest/parse.js");\n}\n',
      "ingest/draft.ts": "export type Draft = string;\n",
      "ingest/parse.ts":
        'import type { Chunk } from "../knowledge/types.js";\nexport const parse = (c: Chunk) => c;\n',
      "bot/kernel/i18n.ts": "export type Lang = string;\n",
      "bot/kernel/handle.ts":
        'import { ask } from "../features/ask/index.js";\nexport const h = ask;\n',
      "bot/features/ask/index.ts":
        'import type { Lang } from "../../kernel/i18n.js";\nexport const ask: Lang = "";\n',
      "bot/features/ask/render.ts":
        'import { blocks } from "../../platforms/slack/blocks.js";\nexport const r = blocks;\n',
      "bot/features/ask/cli-ask.ts":
        'import { open } from "../../app/cli/context.js";\nexport const c = open;\n',
      "bot/features/ask/cli-stats.ts":
        'import { config } from "../../app/config.js";\nexport const s = config;\n',
      "bot/features/ask/helper.ts":
        'import { open } from "../../app/cli/context.js";\nexport const h = open;\n',
      "bot/platforms/slack/blocks.ts":
        'import { ask } from "../../features/ask/index.js";\nimport { config } from "../../app/config.js";\nexport const blocks = [ask, config];\n',
      "bot/app/config.ts": "export const config = 1;\n",
      "bot/app/cli/context.ts":
        'import { ask } from "../../features/ask/index.js";\nimport { blocks } from "../../platforms/slack/blocks.js";\nexport const open = [ask, blocks];\n',
      "bot/storage/sqlite.ts":
        'import type { Lang } from "../kernel/i18n.js";\nexport type S = Lang;\n',
      "bot/cli.ts": 'import { open } from "./app/cli/context.js";\nexport const main = open;\n',
    });
    const violations = checkLayers(root);
    expect(located(violations)).toEqual([
      "layer-direction bot/features/ask/cli-stats.ts:1",
      "layer-direction bot/features/ask/helper.ts:1",
      "layer-direction bot/features/ask/render.ts:1",
      "layer-direction bot/kernel/handle.ts:1",
      "layer-direction bot/platforms/slack/blocks.ts:2",
      "layer-direction knowledge/answer.ts:1",
      "layer-direction knowledge/lazy.ts:2",
      "layer-direction knowledge/reexport.ts:1",
      "layer-direction lib/text.ts:1",
    ]);
    expect(violations.find((v) => v.file === "bot/kernel/handle.ts")?.message).toBe(
      "kernel may not import feature (bot/features/ask/index.ts)",
    );
    expect(violations.find((v) => v.file === "knowledge/answer.ts")?.message).toBe(
      "knowledge may not import ingest (ingest/draft.ts)",
    );
  });

  it("lets a feature into another feature only through its ports.ts", () => {
    const root = tree({
      "bot/features/broadcast/ports.ts": "export const BROADCAST = 1;\n",
      "bot/features/broadcast/dispatcher.ts": "export class Dispatcher {}\n",
      "bot/features/broadcast/index.ts": "export const broadcast = 1;\n",
      "bot/features/cases/case-notice.ts": "export type Notice = string;\n",
      "bot/features/cases/case-service.ts": [
        'import { BROADCAST } from "../broadcast/ports.js";',
        'import type { Notice } from "./case-notice.js";',
        'import { Dispatcher } from "../broadcast/dispatcher.js";',
        'import { broadcast } from "../broadcast/index.js";',
        "export const s: [number, Notice?, Dispatcher?, number?] = [BROADCAST, undefined, undefined, broadcast];",
        "",
      ].join("\n"),
    });
    const violations = checkLayers(root);
    expect(located(violations)).toEqual([
      "feature-internals bot/features/cases/case-service.ts:3",
      "feature-internals bot/features/cases/case-service.ts:4",
    ]);
    expect(violations[0]?.fix).toContain("bot/features/broadcast/ports.ts");
  });

  it("lets only a feature's stores.ts and store files reach bot/storage", () => {
    const storage =
      'import { sqliteOf } from "../../storage/sqlite.js";\nexport const s = sqliteOf;\n';
    const root = tree({
      "bot/storage/sqlite.ts": "export const sqliteOf = 1;\n",
      "bot/features/cases/stores.ts": storage,
      "bot/features/cases/sqlite-case-store.ts": storage,
      "bot/features/cases/memory-case-store.ts": storage,
      "bot/features/cases/case-service.ts": storage,
    });
    expect(located(checkLayers(root))).toEqual([
      "storage-seam bot/features/cases/case-service.ts:1",
    ]);
  });

  it("keeps platforms independent of each other", () => {
    const root = tree({
      "bot/platforms/telegram/render-html.ts": "export const html = 1;\n",
      "bot/platforms/telegram/index.ts":
        'import { html } from "./render-html.js";\nexport const t = html;\n',
      "bot/platforms/console/render-text.ts":
        'import { html } from "../telegram/render-html.js";\nexport const t = html;\n',
    });
    expect(located(checkLayers(root))).toEqual([
      "platform-siblings bot/platforms/console/render-text.ts:1",
    ]);
  });

  it("reports each runtime import cycle once, and not cycles made only by types", () => {
    const root = tree({
      "lib/a.ts": 'import { b } from "./b.js";\nexport const a = () => b;\n',
      "lib/b.ts": 'import "./a.js";\nexport const b = 1;\n',
      "lib/types-a.ts": 'import type { B } from "./types-b.js";\nexport type A = B;\n',
      "lib/types-b.ts": 'import { type A } from "./types-a.js";\nexport type B = A | 1;\n',
      "lib/half-a.ts":
        'import { hb } from "./half-b.js";\nexport type HA = 1;\nexport const ha = hb;\n',
      "lib/half-b.ts": 'export type { HA } from "./half-a.js";\nexport const hb = 1;\n',
      "bot/features/quiz/ports.ts":
        'import { Service } from "./quiz-service.js";\nexport const QUIZ = Service;\n',
      "bot/features/quiz/quiz-service.ts":
        'import { play } from "./group-quiz.js";\nexport class Service {}\nexport const s = play;\n',
      "bot/features/quiz/group-quiz.ts":
        'import { QUIZ } from "./ports.js";\nexport const play = () => QUIZ;\n',
    });
    const violations = checkLayers(root);
    expect(located(violations)).toEqual([
      "no-cycle bot/features/quiz/group-quiz.ts:1",
      "no-cycle lib/a.ts:1",
    ]);
    expect(violations.map((v) => v.message)).toEqual([
      "import cycle bot/features/quiz/group-quiz.ts → bot/features/quiz/ports.ts → bot/features/quiz/quiz-service.ts → bot/features/quiz/group-quiz.ts",
      "import cycle lib/a.ts → lib/b.ts → lib/a.ts",
    ]);
  });

  it("reports a file in bot/ that belongs to no layer", () => {
    const root = tree({ "bot/helpers.ts": "export const h = 1;\n", "bot/cli.ts": "export {};\n" });
    expect(located(checkLayers(root))).toEqual(["unassigned-file bot/helpers.ts:1"]);
  });

  it("as the lint step, prints file:line, rule and fix, and exits 1 on a violation", () => {
    const root = tree({
      "bot/features/ask/index.ts": "export const ask = 1;\n",
      "bot/kernel/handle.ts":
        'import { ask } from "../features/ask/index.js";\nexport const h = ask;\n',
    });
    const run = spawnSync(
      join(repoRoot, "node_modules/.bin/tsx"),
      [join(repoRoot, "scripts/check-layers.ts"), root],
      { encoding: "utf8" },
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      "bot/kernel/handle.ts:1  layer-direction  kernel may not import feature (bot/features/ask/index.ts). Fix: the kernel must not know features",
    );
  });
});
