import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * Files shipped with the package (the default corpus, the eval set) live in
 * the source tree; tsc does not copy them into dist/, so a compiled module
 * looks for them from both places.
 */
export function packagePath(relative: string): string {
  for (const up of ["../../", "../../../"]) {
    const path = fileURLToPath(new URL(up + relative, import.meta.url));
    if (existsSync(path)) return path;
  }
  return fileURLToPath(new URL(`../../${relative}`, import.meta.url));
}

export const DEFAULT_CORPUS_DIR = packagePath("knowledge/corpus");
