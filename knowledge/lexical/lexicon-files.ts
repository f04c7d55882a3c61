import { existsSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { QingfengError } from "../errors.js";

/** The data files shipped in knowledge/lexicon/. */
export type ShippedLexicon =
  | "user-dict.txt"
  | "synonyms.txt"
  | "english.txt"
  | "conduct.txt"
  | "conduct-audiences.txt"
  | "quiz-scenes.txt";

// tsc does not copy .txt files into dist/, so a compiled module falls back to
// the source tree (dist/knowledge/lexical → knowledge/lexicon).
const CANDIDATE_DIRS = ["../lexicon/", "../../../knowledge/lexicon/"];

/** Path of a shipped lexicon file, whether running from source or from dist/. */
export function shippedLexiconPath(name: ShippedLexicon): string {
  for (const dir of CANDIDATE_DIRS) {
    const path = fileURLToPath(new URL(dir + name, import.meta.url));
    if (existsSync(path)) return path;
  }
  throw new QingfengError(
    "CONFIG_INVALID",
    `Shipped lexicon file knowledge/lexicon/${name} not found next to ${fileURLToPath(import.meta.url)}; reinstall or copy knowledge/lexicon/ alongside the build.`,
  );
}

/** Text of a shipped lexicon file. */
export function readShippedLexicon(name: ShippedLexicon): string {
  return readFileSync(shippedLexiconPath(name), "utf8");
}

/**
 * An admin's file in the data directory (synonyms, dictionary, conduct
 * catalogue), or undefined when there is none: admins create them when they
 * need them. Any other read error stops start-up with the file named.
 */
export async function readAdminLexicon(
  path: string | undefined,
  what: string,
): Promise<string | undefined> {
  if (path === undefined) return undefined;
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new QingfengError(
      "CONFIG_INVALID",
      `Cannot read the admin ${what} file ${path}: ${(error as Error).message}`,
      { cause: error },
    );
  }
}
