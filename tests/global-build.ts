import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/**
 * Builds dist/ once, before any test file runs, when a source is newer than
 * the last build (the same check `npm start` makes). Tests of the built bin
 * then test the code as it is, and two test workers never build at once.
 */
export default function buildOnce(): void {
  const root = fileURLToPath(new URL("..", import.meta.url));
  execFileSync(process.execPath, ["scripts/build-if-stale.mjs"], { cwd: root, stdio: "inherit" });
}
