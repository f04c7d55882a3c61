import { QingfengError } from "../errors.js";
import { fingerprint } from "../lexical/fingerprint.js";
import { readAdminLexicon, readShippedLexicon } from "../lexical/lexicon-files.js";

/** What the rules say of a kind of conduct. */
export type ConductStance = "prohibited" | "conditional" | "info";

/** Where a cue word sits in a description of conduct. */
export type CueSlot = "terms" | "party" | "object" | "act" | "breach";

export const CUE_SLOTS: readonly CueSlot[] = ["terms", "party", "object", "act", "breach"];

/** One kind of conduct the integrity rules govern (see knowledge/lexicon/conduct.txt). */
export interface ConductKind {
  id: string;
  stance: ConductStance;
  /** The conduct in the rules' own words. */
  label: string;
  en: string;
  cues: Record<CueSlot, string[]>;
  /**
   * Further slot pairs that name this kind besides a term or an object with a
   * party or an act: "party+act" for conduct that is an encounter (a rep visiting).
   */
  alsoNamedBy: [CueSlot, CueSlot][];
  /**
   * For conduct allowed under conditions: the forbidden kinds that, named
   * beside it, say its conditions are broken (a sponsored conference that is
   * a trip in disguise) — as a breach word does.
   */
  brokenBy: string[];
}

const STANCES = new Set<ConductStance>(["prohibited", "conditional", "info"]);
const KEYS = new Set(["stance", "label", "en", "also", "broken-by", ...CUE_SLOTS]);

/**
 * The catalogue of conduct kinds: shipped data plus an admin file, loaded
 * once. A block with an existing id adds words to that kind.
 */
export class ConductCatalogue {
  readonly kinds: readonly ConductKind[];
  /** Changes whenever any kind or word changes: cached clause tags are only valid for one. */
  readonly fingerprint: string;
  private readonly byId: Map<string, ConductKind>;

  constructor(texts: string | readonly string[]) {
    const byId = new Map<string, ConductKind>();
    const list = typeof texts === "string" ? [texts] : texts;
    list.forEach((text, i) => {
      parseInto(byId, text, i === 0 ? "knowledge/lexicon/conduct.txt" : `conduct text #${i + 1}`);
    });
    for (const kind of byId.values()) {
      if (kind.label === "") {
        throw new QingfengError(
          "CONFIG_INVALID",
          `Conduct kind [${kind.id}] has no label: add "label = …" (the conduct in the rules' words).`,
        );
      }
      for (const other of kind.brokenBy) {
        if (byId.get(other)?.stance !== "prohibited") {
          throw new QingfengError(
            "CONFIG_INVALID",
            `Conduct kind [${kind.id}]: broken-by names "${other}", which is not a prohibited kind.`,
          );
        }
      }
    }
    this.byId = byId;
    this.kinds = [...byId.values()];
    this.fingerprint = fingerprint("conduct-v4", JSON.stringify(this.kinds));
  }

  get(id: string): ConductKind | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** The shipped catalogue plus optional admin texts. */
  static shipped(extraTexts: readonly string[] = []): ConductCatalogue {
    return new ConductCatalogue([readShippedLexicon("conduct.txt"), ...extraTexts]);
  }

  /** The shipped catalogue plus the admin's file when it exists. */
  static async load(options: { adminPath?: string | undefined } = {}): Promise<ConductCatalogue> {
    const admin = await readAdminLexicon(options.adminPath, "conduct");
    const extra = admin === undefined ? [] : [admin];
    return ConductCatalogue.shipped(extra);
  }
}

function parseInto(byId: Map<string, ConductKind>, text: string, name: string): void {
  let current: ConductKind | undefined;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/(^|\s)#.*$/, "").trim();
    if (line === "") return;
    const where = `${name}:${i + 1}`;
    const header = /^\[([a-z0-9][a-z0-9-]*)\]$/.exec(line);
    if (header) {
      const id = header[1] ?? "";
      current = byId.get(id);
      if (!current) {
        current = {
          id,
          stance: "info",
          label: "",
          en: "",
          cues: { terms: [], party: [], object: [], act: [], breach: [] },
          alsoNamedBy: [],
          brokenBy: [],
        };
        byId.set(id, current);
      }
      return;
    }
    const eq = line.indexOf("=");
    const key = eq > 0 ? line.slice(0, eq).trim() : "";
    if (!current || !KEYS.has(key)) {
      throw new QingfengError(
        "CONFIG_INVALID",
        `${where}: expected "[kind-id]" or "key = value" with key one of ${[...KEYS].join(", ")}; got "${line}".`,
      );
    }
    const value = line.slice(eq + 1).trim();
    if (key === "stance") {
      if (!STANCES.has(value as ConductStance)) {
        throw new QingfengError(
          "CONFIG_INVALID",
          `${where}: stance must be prohibited, conditional or info; got "${value}".`,
        );
      }
      current.stance = value as ConductStance;
    } else if (key === "also") {
      for (const pair of value.split(/\s+/)) {
        const [a, b] = pair.split("+");
        if (!CUE_SLOTS.includes(a as CueSlot) || !CUE_SLOTS.includes(b as CueSlot)) {
          throw new QingfengError(
            "CONFIG_INVALID",
            `${where}: "also" takes slot pairs such as party+act; got "${pair}".`,
          );
        }
        current.alsoNamedBy.push([a as CueSlot, b as CueSlot]);
      }
    } else if (key === "broken-by") {
      current.brokenBy.push(...value.split(/\s+/).filter((w) => w !== ""));
    } else if (key === "label") current.label = value;
    else if (key === "en") current.en = value;
    else {
      const words = value.split(/\s+/).filter((w) => w !== "");
      for (const word of words) checkCue(word, where);
      current.cues[key as CueSlot].push(...words);
    }
  });
}

function checkCue(word: string, where: string): void {
  if (!(word.length > 2 && word.startsWith("/") && word.endsWith("/"))) return;
  try {
    new RegExp(word.slice(1, -1), "u");
  } catch (error) {
    throw new QingfengError(
      "CONFIG_INVALID",
      `${where}: ${word} is not a valid regular expression (${(error as Error).message}).`,
    );
  }
}
