/** Types of build-if-stale.mjs, for its tests. */
export function staleReason(
  root: string,
  project: { include: string[]; outDir: string; entryPoints?: string[] },
): string | undefined;
export function writeStamp(outDir: string, startedMs: number): void;
