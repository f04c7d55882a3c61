/**
 * `npm run lint` step: checks that imports follow the layers in
 * scripts/layers/layer-rules.ts. Usage: tsx scripts/check-layers.ts [root]
 */
import { resolve } from "node:path";
import { checkLayers, formatViolation } from "./layers/check-layers.js";

const root = resolve(process.argv[2] ?? ".");
const violations = checkLayers(root);
for (const v of violations) console.error(formatViolation(v));
if (violations.length > 0) {
  console.error(
    `check-layers: ${violations.length} violation(s); the layers are described in docs/architecture.md (## Layers)`,
  );
  process.exitCode = 1;
}
