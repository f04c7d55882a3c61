import type { Dirent } from "node:fs";
import { readdir, realpath, stat } from "node:fs/promises";
import { join } from "node:path";
import { IngestError } from "../../knowledge/errors.js";
import { formatOf, unsupportedTypeError } from "./supported-types.js";

export interface FileList {
  /** Loadable files: named files in the order given, directory contents sorted. */
  files: string[];
  /** Paths that could not be used; reported, not thrown, so one bad path does not stop a run. */
  errors: IngestError[];
}

/**
 * Expands paths into the files to ingest. Directories are walked recursively
 * in sorted order, skipping dot-files, dot-directories and files of
 * unsupported types; a file named explicitly with an unsupported type, or a
 * path that does not exist, becomes an error in `errors`.
 */
export async function listFiles(paths: string[]): Promise<FileList> {
  const files: string[] = [];
  const errors: IngestError[] = [];
  const seenDirs = new Set<string>();
  for (const path of paths) {
    const info = await stat(path).catch((error: unknown) => error as NodeJS.ErrnoException);
    if (info instanceof Error) {
      errors.push(notFoundError(path, info));
    } else if (info.isDirectory()) {
      await walk(path, files, seenDirs);
    } else if (formatOf(path) === undefined) {
      errors.push(unsupportedTypeError(path));
    } else {
      files.push(path);
    }
  }
  return { files: [...new Set(files)], errors };
}

async function walk(dir: string, files: string[], seenDirs: Set<string>): Promise<void> {
  // A symlink back up the tree would otherwise recurse forever.
  const real = await realpath(dir);
  if (seenDirs.has(real)) return;
  seenDirs.add(real);
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith(".")) continue;
    const path = join(dir, entry.name);
    const kind = await kindOf(entry, path);
    if (kind === "dir") await walk(path, files, seenDirs);
    else if (kind === "file" && formatOf(path) !== undefined) files.push(path);
  }
}

async function kindOf(entry: Dirent, path: string): Promise<"dir" | "file" | "other"> {
  if (entry.isDirectory()) return "dir";
  if (entry.isFile()) return "file";
  if (!entry.isSymbolicLink()) return "other";
  const target = await stat(path).catch(() => undefined);
  if (target?.isDirectory()) return "dir";
  return target?.isFile() ? "file" : "other";
}

function notFoundError(path: string, error: NodeJS.ErrnoException): IngestError {
  const reason =
    error.code === "ENOENT" || error.code === "ENOTDIR"
      ? "no such file or directory"
      : error.message;
  return new IngestError(
    "INGEST_NOT_FOUND",
    path,
    `${reason} (relative paths are read from ${process.cwd()}); check the path and its spelling.`,
    { cause: error },
  );
}
