import { readFileSync } from "node:fs";

export interface Example {
  /** The README line, for failure messages. */
  line: string;
  args: string[];
  /** `> file`: stdout goes to this file (relative to the working directory). */
  stdoutTo?: string;
}

/**
 * Every `npx qingfeng …` line of the README sections a new user follows
 * ("Quick start" and "Using it" with its subsections), as argv; an
 * alternation `pause|resume|cancel` in the sub-command's place is one example
 * per word. Comments are dropped.
 */
export function readmeExamples(readmePath: string): Example[] {
  const readme = readFileSync(readmePath, "utf8");
  const start = readme.indexOf("## Quick start");
  const end = readme.indexOf("\n## ", readme.indexOf("## Using it"));
  const sections = readme.slice(start, end);
  const examples: Example[] = [];
  for (const block of sections.matchAll(/```sh\n([\s\S]*?)```/g)) {
    for (const line of (block[1] ?? "").split("\n")) {
      if (!line.startsWith("npx qingfeng ")) continue;
      const words = shellWords(line.slice("npx qingfeng ".length));
      const redirect = words.indexOf(">");
      const stdoutTo = redirect === -1 ? undefined : words[redirect + 1];
      const args = redirect === -1 ? words : words.slice(0, redirect);
      const [command, sub, ...rest] = args;
      if (command && sub?.includes("|")) {
        for (const each of sub.split("|")) {
          examples.push({ line, args: [command, each, ...rest], stdoutTo });
        }
      } else examples.push({ line, args, stdoutTo });
    }
  }
  return examples;
}

/** The JSON of the README's campaign-file example. */
export function readmeCampaignFile(readmePath: string): string {
  const block = /```json\n([\s\S]*?)```/.exec(readFileSync(readmePath, "utf8"));
  if (!block?.[1]) throw new Error("README has no ```json block (the campaign file)");
  return block[1];
}

/** Splits a shell line into words: double quotes group, `#` starts a comment. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quoted = false;
  for (const ch of line) {
    if (quoted) {
      if (ch === '"') quoted = false;
      else word += ch;
    } else if (ch === '"') {
      quoted = true;
      word ??= "";
    } else if (ch === "#" && word === undefined) break;
    else if (ch === " " || ch === "\t") {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else word = (word ?? "") + ch;
  }
  if (word !== undefined) words.push(word);
  return words;
}
