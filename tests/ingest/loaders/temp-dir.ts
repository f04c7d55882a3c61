import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The project's own copies of the format fixtures. */
export const FIXTURES = fileURLToPath(new URL("../../fixtures/", import.meta.url));

export function fixture(name: string): string {
  return join(FIXTURES, name);
}

/** A scratch directory under the OS temp dir; call `cleanup` in afterAll. */
export async function makeTempDir(): Promise<{
  dir: string;
  write: (name: string, content: string | Uint8Array) => Promise<string>;
  cleanup: () => Promise<void>;
}> {
  const dir = await mkdtemp(join(tmpdir(), "qingfeng-loaders-"));
  return {
    dir,
    write: async (name, content) => {
      const path = join(dir, name);
      await writeFile(path, content);
      return path;
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
