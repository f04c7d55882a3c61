import { QingfengError } from "../errors.js";
import { readShippedLexicon } from "../lexical/lexicon-files.js";
import { normalizeText } from "../lexical/normalize.js";

/** Who a question is for: the lines of work of a hospital's staff. */
export const AUDIENCES = ["临床", "护理", "药学", "医技", "采购与设备", "管理", "行政"] as const;
/** One of AUDIENCES. */
export type Audience = (typeof AUDIENCES)[number];

/** Whether a word names one of the audiences. */
export function isAudience(word: string): word is Audience {
  return (AUDIENCES as readonly string[]).includes(word);
}

/**
 * Which audiences each kind of conduct concerns and which roster departments
 * belong to which audience (knowledge/lexicon/conduct-audiences.txt).
 */
export class AudienceMap {
  private readonly byKind = new Map<string, Audience[]>();
  private readonly departments: { audience: Audience; words: string[] }[] = [];

  constructor(text: string, name = "knowledge/lexicon/conduct-audiences.txt") {
    let section: "kinds" | "departments" | undefined;
    text.split(/\r?\n/).forEach((raw, i) => {
      const line = raw.replace(/(^|\s)#.*$/, "").trim();
      if (line === "") return;
      const where = `${name}:${i + 1}`;
      const header = /^\[(kinds|departments)\]$/.exec(line);
      if (header) {
        section = header[1] as "kinds" | "departments";
        return;
      }
      const eq = line.indexOf("=");
      if (!section || eq <= 0)
        throw new QingfengError(
          "CONFIG_INVALID",
          `${where}: expected [kinds], [departments] or "key = words"; got "${line}".`,
        );
      const key = line.slice(0, eq).trim();
      const words = line
        .slice(eq + 1)
        .trim()
        .split(/\s+/)
        .filter(Boolean);
      if (section === "kinds") {
        const unknown = words.filter((w) => !isAudience(w));
        if (unknown.length > 0)
          throw new QingfengError(
            "CONFIG_INVALID",
            `${where}: ${unknown.join(", ")} is no audience; use ${AUDIENCES.join(" ")}.`,
          );
        this.byKind.set(key, words as Audience[]);
      } else {
        if (!isAudience(key))
          throw new QingfengError(
            "CONFIG_INVALID",
            `${where}: ${key} is no audience; use ${AUDIENCES.join(" ")}.`,
          );
        this.departments.push({ audience: key, words: words.map(normalizeText) });
      }
    });
  }

  static shipped(): AudienceMap {
    shippedMap ??= new AudienceMap(readShippedLexicon("conduct-audiences.txt"));
    return shippedMap;
  }

  /** Kinds the file names (to check it against the catalogue). */
  kinds(): string[] {
    return [...this.byKind.keys()];
  }

  /** The audiences a kind of conduct concerns; every audience for a kind the file does not list. */
  ofKind(kind: string): Audience[] {
    return this.byKind.get(kind) ?? [...AUDIENCES];
  }

  /** The audiences of several kinds together, in the fixed order. */
  ofKinds(kinds: Iterable<string>): Audience[] {
    const found = new Set<Audience>();
    for (const kind of kinds) for (const a of this.ofKind(kind)) found.add(a);
    return AUDIENCES.filter((a) => found.has(a));
  }

  /** The audience a roster department belongs to, or undefined when no word of the file fits it. */
  ofDepartment(department: string): Audience | undefined {
    const name = normalizeText(department.trim());
    if (!name) return undefined;
    return this.departments.find((d) => d.words.some((w) => name.includes(w)))?.audience;
  }
}

let shippedMap: AudienceMap | undefined;
