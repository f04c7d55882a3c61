/**
 * The architecture's layers as data: which files form each layer and which
 * layers each may import. `scripts/check-layers.ts` enforces this table and
 * docs/architecture.md (## Layers) explains it; change the three together.
 */

export type LayerName =
  | "lib"
  | "knowledge"
  | "ingest"
  | "kernel"
  | "feature"
  | "platform"
  | "app"
  | "storage";

export interface Layer {
  name: LayerName;
  /** Matches a root-relative POSIX path; group 1, when present, names the unit (a feature or platform). */
  files: RegExp;
  /** Layers this one may import, besides itself. */
  mayImport: readonly LayerName[];
  /** Printed when a file of this layer imports a layer it may not. */
  fix: string;
}

const BELOW_KERNEL: readonly LayerName[] = ["lib", "knowledge", "ingest"];
const BELOW_FEATURES: readonly LayerName[] = [...BELOW_KERNEL, "kernel"];

export const LAYERS: readonly Layer[] = [
  {
    name: "lib",
    files: /^lib\//,
    mayImport: [],
    fix: "lib/ is the bottom layer: move the code it needs into lib/, or take it as a parameter",
  },
  {
    name: "knowledge",
    files: /^knowledge\//,
    mayImport: ["lib"],
    fix: "knowledge/ never depends on ingest/ or the bot: move the shared code into lib/ (or into knowledge/ when ingest needs it too)",
  },
  {
    // ingest builds what knowledge stores, so it reads knowledge's types,
    // store ports and text checks (it already did when this rule was written);
    // the reverse direction is the one that is forbidden.
    name: "ingest",
    files: /^ingest\//,
    mayImport: ["lib", "knowledge"],
    fix: "ingest/ may use knowledge/ and lib/ only: move the shared code down, or take it as a parameter",
  },
  {
    name: "kernel",
    files: /^bot\/kernel\//,
    mayImport: BELOW_KERNEL,
    fix: "the kernel must not know features, platforms or the app: declare a port (interface and key) in bot/kernel and let the feature or platform provide it through its descriptor",
  },
  {
    name: "feature",
    files: /^bot\/features\/([^/]+)\//,
    mayImport: BELOW_FEATURES,
    fix: "features must not reach platforms or the app: take what you need through kernel ports and services, or move the code into bot/app",
  },
  {
    name: "platform",
    files: /^bot\/platforms\/([^/]+)\//,
    mayImport: [...BELOW_FEATURES, "feature"],
    fix: "platforms must not import the app: receive what you need through the PlatformDescriptor",
  },
  {
    // The composition root (bot/cli.ts, bot/app) may import every layer.
    name: "app",
    files: /^bot\/app\/|^bot\/cli\.ts$/,
    mayImport: [...BELOW_FEATURES, "feature", "platform", "storage"],
    fix: "",
  },
  {
    // Storage drivers sit beside the app at the top, but a driver has no
    // business with the composition root, so app → storage only.
    name: "storage",
    files: /^bot\/storage\//,
    mayImport: [...BELOW_FEATURES, "feature", "platform"],
    fix: "",
  },
];

/** The directories whose .ts files are checked. */
export const CHECKED_ROOTS = ["lib", "knowledge", "ingest", "bot"] as const;

/** A feature's public face: the only file another feature may import. */
export const FEATURE_PORTS_FILE = "ports.ts";

/**
 * The designed seam between features and storage drivers: a feature's
 * stores.ts picks a store by `storage.backend`, and its store
 * implementations (sqlite-*.ts, postgres-*.ts, memory-*.ts) may reach bot/storage.
 */
export const STORAGE_SEAM_FILES = /^(stores|sqlite-[^/]+|postgres-[^/]+|memory-[^/]+)\.ts$/;

export interface LayerException {
  from: RegExp;
  to: RegExp;
  why: string;
}

/** Imports the layer-direction rule lets through, each with its reason. Keep this list short. */
export const LAYER_EXCEPTIONS: readonly LayerException[] = [
  {
    // A feature's CLI verb (cli-*.ts) is an entry point that opens the
    // composed app and bot, so it needs openReady/openBot and the App, Bot and
    // Config types, all from bot/app/cli/context.ts and nothing else in app.
    // Inverting it (a CLI port in the kernel, or descriptors registering CLI
    // verbs that app/cli calls) moves App and Config below the features: a
    // larger change than the layer lint that found it.
    from: /^bot\/features\/[^/]+\/cli-[^/]+\.ts$/,
    to: /^bot\/app\/cli\/context\.ts$/,
    why: "feature CLI verbs open the composed app (follow-up: a kernel CLI port)",
  },
];

/**
 * Cycles are looked for among imports that survive compilation. A type-only
 * import is erased, so a cycle through one cannot load a module half
 * initialised (the harm cycles do in ESM); a feature's ports.ts naming its
 * service's type while the service reads its store interfaces from ports.ts
 * is such a cycle, and so are the kernel's descriptor types. The moment one
 * of those imports carries a value the cycle is reported. Type-only imports
 * still count for every direction rule.
 */
export const TYPE_ONLY_IMPORTS_FORM_CYCLES = false;
