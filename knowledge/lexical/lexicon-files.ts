import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { QingfengError } from "../errors.js";

/** The data files shipped in knowledge/lexicon/. */
export type ShippedLexicon = "user-dict.txt" | "synonyms.txt" | "english.txt" | "conduct.txt";

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
