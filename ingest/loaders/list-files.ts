import type { Dirent } from "node:fs";
import { readdir, realpath, stat } from "node:fs/promises";
import { join, sep } from "node:path";
import { IngestError } from "../errors.js";
import { formatOf, unsupportedTypeError } from "./supported-types.js";

export interface FileList {
  /**
   * Loadable files by their real paths (symbolic links resolved), each real
   * file once: named files in the order given, directory contents sorted.
   */
  files: string[];
  /** Paths that could not be used; reported, not thrown, so one bad path does not stop a run. */
  errors: IngestError[];
}

/**
 * Expands paths into the files to ingest. Directories are walked recursively
 * in sorted order, skipping dot-files, dot-directories and files of
 * unsupported types; a file named explicitly with an unsupported type, or a
 * path that does not exist, becomes an error in `errors`.
 *
 * Symbolic links are resolved: a file is listed under its real path, so one
 * file reached through several links (or a link and its own name) is stored
 * once, under one key. A link to a directory is followed unless it leads
 * back up the tree it sits in (`up -> ..`, `self -> .`): that would list the
 * same files again under alias paths. A link that loops onto itself is an
 * INGEST_SYMLINK_LOOP error.
 */
export async function listFiles(paths: string[]): Promise<FileList> {
  const list = new Listing();
  for (const path of paths) {
    const info = await stat(path).catch((error: unknown) => error as NodeJS.ErrnoException);
    if (info instanceof Error) {
      list.errors.push(pathError(path, info));
    } else if (info.isDirectory()) {
      await list.walk(path);
    } else {
      await list.addNamed(path);
    }
  }
  return { files: list.files, errors: list.errors };
}

class Listing {
  readonly files: string[] = [];
  readonly errors: IngestError[] = [];
  private readonly seenFiles = new Set<string>();
  private readonly seenDirs = new Set<string>();

  async addNamed(path: string): Promise<void> {
    const real = await realpath(path);
    if (formatOf(real) === undefined) this.errors.push(unsupportedTypeError(path));
    else this.add(real);
  }

  async walk(dir: string): Promise<void> {
    // A directory reached twice (through a link to a sibling, say) is listed once.
    const real = await realpath(dir);
    if (this.seenDirs.has(real)) return;
    this.seenDirs.add(real);
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      this.errors.push(pathError(dir, error as NodeJS.ErrnoException));
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await this.walk(path);
      else if (entry.isFile()) this.addIfSupported(await realpath(path));
      else if (entry.isSymbolicLink()) await this.followLink(path, real);
    }
  }

  private async followLink(path: string, realDir: string): Promise<void> {
    const target = await realpath(path).catch((error: unknown) => error as NodeJS.ErrnoException);
    if (target instanceof Error) {
      // A dangling link is skipped like any other non-file; a loop is worth telling.
      if (target.code === "ELOOP") this.errors.push(pathError(path, target));
      return;
    }
    const info = await stat(target).catch(() => undefined);
    if (info?.isDirectory()) {
      if (realDir === target || realDir.startsWith(target + sep)) return; // leads back up the tree
      await this.walk(target);
    } else if (info?.isFile()) {
      this.addIfSupported(target);
    }
  }

  private addIfSupported(real: string): void {
    if (formatOf(real) !== undefined) this.add(real);
  }

  private add(real: string): void {
    if (this.seenFiles.has(real)) return;
    this.seenFiles.add(real);
    this.files.push(real);
  }
}

function pathError(path: string, error: NodeJS.ErrnoException): IngestError {
  if (error.code === "ELOOP") {
    return new IngestError(
      "INGEST_SYMLINK_LOOP",
      path,
      "is a symbolic link that leads back to itself (a loop of links); point it at a real file or directory, or remove it.",
      { cause: error },
    );
  }
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
