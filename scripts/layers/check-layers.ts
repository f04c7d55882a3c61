import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, posix } from "node:path";
import { findCycles } from "./find-cycles.js";
import {
  CHECKED_ROOTS,
  FEATURE_PORTS_FILE,
  LAYER_EXCEPTIONS,
  LAYERS,
  type Layer,
  STORAGE_SEAM_FILES,
  TYPE_ONLY_IMPORTS_FORM_CYCLES,
} from "./layer-rules.js";
import { readImports } from "./read-imports.js";

export type LayerRule =
  | "layer-direction"
  | "feature-internals"
  | "storage-seam"
  | "platform-siblings"
  | "no-cycle"
  | "unassigned-file";

export interface LayerViolation {
  /** Root-relative POSIX path. */
  file: string;
  line: number;
  rule: LayerRule;
  message: string;
  fix: string;
}

interface Edge {
  from: string;
  to: string;
  line: number;
  typeOnly: boolean;
}

interface Placement {
  layer: Layer;
  /** The feature or platform a file belongs to. */
  unit: string | undefined;
}

/** Checks the import graph of lib/, knowledge/, ingest/ and bot/ under `root` against layer-rules.ts. */
export function checkLayers(root: string): LayerViolation[] {
  const files = listSourceFiles(root);
  const known = new Set(files);
  const edges: Edge[] = [];
  for (const file of files) {
    for (const ref of readImports(file, readFileSync(join(root, file), "utf8"))) {
      const to = resolveRelative(file, ref.specifier, known);
      if (to) edges.push({ from: file, to, line: ref.line, typeOnly: ref.typeOnly });
    }
  }

  const violations: LayerViolation[] = [];
  for (const file of files) {
    if (!place(file)) {
      violations.push({
        file,
        line: 1,
        rule: "unassigned-file",
        message: `${file} belongs to no layer`,
        fix: "move it under bot/kernel, bot/features/<name>, bot/platforms/<name>, bot/app or bot/storage, or add its layer to scripts/layers/layer-rules.ts",
      });
    }
  }
  for (const edge of edges) {
    const violation = checkEdge(edge);
    if (violation) violations.push(violation);
  }
  violations.push(...cycleViolations(edges));
  return violations.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

export function formatViolation(v: LayerViolation): string {
  return `${v.file}:${v.line}  ${v.rule}  ${v.message}. Fix: ${v.fix}.`;
}

function checkEdge(edge: Edge): LayerViolation | undefined {
  const from = place(edge.from);
  const to = place(edge.to);
  if (!from || !to) return undefined; // reported as unassigned-file
  const at = { file: edge.from, line: edge.line };

  if (from.layer.name === to.layer.name) {
    if (from.unit === to.unit) return undefined;
    if (from.layer.name === "feature" && posix.basename(edge.to) !== FEATURE_PORTS_FILE) {
      return {
        ...at,
        rule: "feature-internals",
        message: `feature ${from.unit} imports ${edge.to}, an internal of feature ${to.unit}`,
        fix: `import from bot/features/${to.unit}/${FEATURE_PORTS_FILE}; if what you need is not there, export it from that ports.ts (types and service key) and provide it in ${to.unit}'s descriptor`,
      };
    }
    if (from.layer.name === "platform") {
      return {
        ...at,
        rule: "platform-siblings",
        message: `platform ${from.unit} imports ${edge.to} of platform ${to.unit}`,
        fix: "platforms are independent adapters: move the shared code into bot/kernel (platform-neutral) or copy the few lines",
      };
    }
    return undefined;
  }

  if (
    from.layer.name === "feature" &&
    to.layer.name === "storage" &&
    !STORAGE_SEAM_FILES.test(posix.basename(edge.from))
  ) {
    return {
      ...at,
      rule: "storage-seam",
      message: `${edge.from} imports the storage driver ${edge.to}`,
      fix: `only a feature's stores.ts and its sqlite-*.ts / memory-*.ts store files may touch bot/storage: get the store from bot/features/${from.unit}/stores.ts`,
    };
  }
  if (from.layer.name === "feature" && to.layer.name === "storage") return undefined;

  if (from.layer.mayImport.includes(to.layer.name)) return undefined;
  if (LAYER_EXCEPTIONS.some((e) => e.from.test(edge.from) && e.to.test(edge.to))) return undefined;
  return {
    ...at,
    rule: "layer-direction",
    message: `${from.layer.name} may not import ${to.layer.name} (${edge.to})`,
    fix: from.layer.fix,
  };
}

function cycleViolations(edges: readonly Edge[]): LayerViolation[] {
  const graph = new Map<string, string[]>();
  const lineOf = new Map<string, number>();
  for (const edge of edges) {
    if (edge.typeOnly && !TYPE_ONLY_IMPORTS_FORM_CYCLES) continue;
    const targets = graph.get(edge.from) ?? [];
    if (!targets.includes(edge.to)) targets.push(edge.to);
    graph.set(edge.from, targets);
    const key = `${edge.from}\n${edge.to}`;
    lineOf.set(key, Math.min(lineOf.get(key) ?? edge.line, edge.line));
  }
  return findCycles(graph).map((cycle) => ({
    file: cycle[0]!,
    line: lineOf.get(`${cycle[0]}\n${cycle[1]}`) ?? 1,
    rule: "no-cycle",
    message: `import cycle ${cycle.join(" → ")}`,
    fix: "move what both sides need into a module that neither imports, or make one side depend on an interface it is given",
  }));
}

function place(file: string): Placement | undefined {
  for (const layer of LAYERS) {
    const match = layer.files.exec(file);
    if (match) return { layer, unit: match[1] };
  }
  return undefined;
}

/** `./x.js` → `x.ts` (NodeNext specifiers name the emitted file); packages and non-TS targets give undefined. */
function resolveRelative(from: string, specifier: string, known: Set<string>): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  const target = posix.normalize(posix.join(posix.dirname(from), specifier));
  const candidates = [
    target.replace(/\.js$/, ".ts").replace(/\.mjs$/, ".mts"),
    target,
    `${target}.ts`,
    `${target}/index.ts`,
  ];
  return candidates.find((c) => known.has(c));
}

function listSourceFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = posix.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules") walk(path);
      } else if (/\.m?ts$/.test(entry.name) && !entry.name.endsWith(".d.ts")) {
        files.push(path);
      }
    }
  };
  for (const dir of CHECKED_ROOTS) if (existsSync(join(root, dir))) walk(dir);
  return files.sort();
}
