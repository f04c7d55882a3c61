import type { ConductCatalogue, ConductKind } from "../conduct/catalogue.js";
import { QingfengError } from "../errors.js";
import { readShippedLexicon } from "../lexical/lexicon-files.js";
import { normalizeText } from "../lexical/normalize.js";

/** The answer a scene has: 不可以 (prohibits), 需经…后可以 (conditions), 应当… (a duty). */
export type SceneVerdict = "no" | "cond" | "duty";

const VERDICTS = new Set<SceneVerdict>(["no", "cond", "duty"]);

/** Slots whose words must be the kind's own cue words in the catalogue. */
const CUE_SLOTS = new Set(["party", "object", "act", "breach"]);
const TEXT_KEYS = new Set(["scene", "ask", "right", "wrong", "forbidden", "allowed"]);
const OTHER_KEYS = new Set(["verdict", "proof", "variants", "values"]);

/**
 * One set of situations on a kind of conduct: templates with slots filled
 * from the kind's everyday cue words (party, object, act) and from small
 * tables (settings, amounts, roles), the question asked, and the options.
 */
export interface SceneSet {
  /** "gift-from-patient" or "sponsored-academic/breach". */
  id: string;
  kind: ConductKind;
  verdict: SceneVerdict;
  slots: Record<string, string[]>;
  scenes: string[];
  ask: string;
  right: string;
  wrong: string[];
  /** The forbidden conduct in a few words, for "which of these is forbidden". */
  forbidden?: string | undefined;
  /** Conduct done the allowed way, for "which of these is allowed" and as distractors. */
  allowed: string[];
  /** Words the decisive sentence must hold (a duty is proved by its own words). */
  proof: string[];
  variants: number;
}

interface Block {
  id: string;
  where: string;
  values: Map<string, string[]>;
}

const DEFAULT_VARIANTS = 4;

/**
 * The scenario data (knowledge/lexicon/quiz-scenes.txt), checked against the
 * conduct catalogue: every kind it names exists, and every party, object and
 * act word is one of that kind's cue words — situations are told in the
 * words staff use and the conduct model knows.
 */
export class SceneBook {
  readonly sets: readonly SceneSet[];
  /** Allowed conduct not tied to a kind: distractors for "which is forbidden". */
  readonly allowed: readonly string[];

  constructor(
    text: string,
    catalogue: ConductCatalogue,
    name = "knowledge/lexicon/quiz-scenes.txt",
  ) {
    const blocks = parseBlocks(text, name);
    const tables = new Map<string, Block>();
    for (const b of blocks) if (b.id.startsWith("@")) tables.set(b.id.slice(1), b);
    const expand = (words: string[], where: string): string[] =>
      words.flatMap((w) => {
        if (!w.startsWith("@")) return [w];
        const table = tables.get(w.slice(1))?.values.get("values");
        if (!table) throw invalid(`${where}: no table [${w}] with "values = …"`);
        return table;
      });
    const sets: SceneSet[] = [];
    const problems: string[] = [];
    for (const b of blocks) {
      if (b.id.startsWith("@")) continue;
      const kindId = b.id.split("/")[0] ?? "";
      const kind = catalogue.get(kindId);
      if (!kind) {
        problems.push(`${b.where}: [${b.id}] names no kind of conduct in the catalogue`);
        continue;
      }
      const one = (key: string) => b.values.get(key)?.[0];
      const verdict = (one("verdict") ?? defaultVerdict(kind)) as SceneVerdict;
      if (!VERDICTS.has(verdict))
        problems.push(`${b.where}: verdict must be no, cond or duty; got "${verdict}"`);
      const defaults = tables.get(verdict);
      const slots: Record<string, string[]> = {};
      for (const [key, words] of b.values) {
        if (TEXT_KEYS.has(key) || OTHER_KEYS.has(key)) continue;
        slots[key] = expand(words, b.where);
        if (CUE_SLOTS.has(key))
          problems.push(...foreignCues(kind, slots[key] ?? [], `${b.where} ${key}`));
      }
      const set: SceneSet = {
        id: b.id,
        kind,
        verdict,
        slots,
        scenes: b.values.get("scene") ?? [],
        ask: one("ask") ?? defaults?.values.get("ask")?.[0] ?? "",
        right: one("right") ?? defaults?.values.get("right")?.[0] ?? "",
        wrong: b.values.get("wrong") ?? defaults?.values.get("wrong") ?? [],
        forbidden: one("forbidden"),
        allowed: b.values.get("allowed") ?? [],
        proof: expand(b.values.get("proof") ?? [], b.where),
        variants: Number(one("variants") ?? DEFAULT_VARIANTS),
      };
      problems.push(...setProblems(set, b.where));
      sets.push(set);
    }
    if (problems.length > 0) throw invalid(problems.join("\n"));
    this.sets = sets;
    this.allowed = tables.get("allowed")?.values.get("allowed") ?? [];
  }

  /** The shipped scenes, checked against a catalogue (the shipped one unless given). */
  static shipped(catalogue: ConductCatalogue): SceneBook {
    const cached = shippedBooks.get(catalogue);
    if (cached) return cached;
    const book = new SceneBook(readShippedLexicon("quiz-scenes.txt"), catalogue);
    shippedBooks.set(catalogue, book);
    return book;
  }

  /** Scene sets on one kind. */
  of(kindId: string): SceneSet[] {
    return this.sets.filter((s) => s.kind.id === kindId);
  }
}

const shippedBooks = new WeakMap<ConductCatalogue, SceneBook>();

function defaultVerdict(kind: ConductKind): SceneVerdict {
  return kind.stance === "prohibited" ? "no" : kind.stance === "conditional" ? "cond" : "duty";
}

/** The situation of variant `i` of a set: each slot takes its i-th word (wrapping). */
export function fillVariant(set: SceneSet, template: string, i: number): string {
  return template.replace(/\{([a-z]+)\}/g, (_, slot: string) => {
    const words = set.slots[slot] ?? [];
    return words[i % words.length] ?? "";
  });
}

/** How many distinct variants a set gives: its own limit, at most its longest slot. */
export function variantCount(set: SceneSet): number {
  const longest = Math.max(1, ...Object.values(set.slots).map((w) => w.length));
  return Math.min(set.variants, longest);
}

function parseBlocks(text: string, name: string): Block[] {
  const blocks: Block[] = [];
  let current: Block | undefined;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/(^|\s)#.*$/, "").trim();
    if (line === "") return;
    const where = `${name}:${i + 1}`;
    const header = /^\[(@?[a-z0-9][a-z0-9-]*(?:\/[a-z0-9-]+)?)\]$/.exec(line);
    if (header) {
      current = { id: header[1] ?? "", where, values: new Map() };
      blocks.push(current);
      return;
    }
    const eq = line.indexOf("=");
    const key = eq > 0 ? line.slice(0, eq).trim() : "";
    if (!current || !/^[a-z]+$/.test(key))
      throw invalid(`${where}: expected "[kind-id]", "[@table]" or "key = value"; got "${line}"`);
    const value = line.slice(eq + 1).trim();
    const list = current.values.get(key) ?? [];
    if (TEXT_KEYS.has(key) || key === "verdict" || key === "variants") list.push(value);
    else list.push(...value.split(/\s+/).filter(Boolean));
    current.values.set(key, list);
  });
  return blocks;
}

function foreignCues(kind: ConductKind, words: string[], where: string): string[] {
  const cues = new Set(
    Object.values(kind.cues)
      .flat()
      .filter((c) => !c.startsWith("/"))
      .map(normalizeText),
  );
  const foreign = words.filter((w) => !cues.has(normalizeText(w)));
  return foreign.length === 0
    ? []
    : [
        `${where}: ${foreign.join(" ")} — not a cue word of [${kind.id}] in conduct.txt; add it there or pick one of its words`,
      ];
}

function setProblems(set: SceneSet, where: string): string[] {
  const problems: string[] = [];
  if (set.scenes.length === 0) problems.push("no scene");
  if (!set.ask) problems.push("no ask");
  if (!set.right) problems.push("no right option");
  if (set.wrong.length < 3) problems.push("needs 3 wrong options");
  if (!Number.isInteger(set.variants) || set.variants < 1) problems.push("variants must be ≥ 1");
  const templates = [
    ...set.scenes,
    set.ask,
    set.right,
    ...set.wrong,
    set.forbidden ?? "",
    ...set.allowed,
  ];
  for (const t of templates)
    for (const [, slot] of t.matchAll(/\{([a-z]+)\}/g))
      if (!set.slots[slot ?? ""]?.length) problems.push(`{${slot}} has no words`);
  return problems.length > 0 ? [`${where}: [${set.id}] ${problems.join("; ")}`] : [];
}

function invalid(message: string): QingfengError {
  return new QingfengError("CONFIG_INVALID", message);
}
