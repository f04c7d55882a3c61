import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Reads a file of the shipped corpus (the tests never read ../shared). */
export function corpusText(name: string): string {
  return readFileSync(
    fileURLToPath(new URL(`../../knowledge/corpus/${name}`, import.meta.url)),
    "utf8",
  );
}

export const SEEDS = {
  compilation2023: "000_ca2d916def09528d.txt",
  national2022: "001_34bf5402667df998.txt",
  plans2024: "002_4d43b3c0a67e14a8.txt",
  news2022: "003_bcd6322c3f6edd65.txt",
  jilin2021: "004_a1a10467b45f109d.txt",
} as const;
