import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { loadFile } from "../../ingest/loaders/load-file.js";
import { parseSource } from "../../ingest/parse-source.js";
import {
  defaultTextQuality,
  LOW_QUALITY,
  SCAN_DOCUMENT_QUALITY,
  TextQuality,
} from "../../knowledge/lexical/text-quality.js";
import type { DocumentDraft } from "../../knowledge/types.js";
import { corpusText, SEEDS } from "../ingest/seed-text.js";

const corpusDir = fileURLToPath(new URL("../../knowledge/corpus/", import.meta.url));

/** The same words as the clean documents print them and as the OCR'd 2024 scrape does. */
const PAIRS: [clean: string, damaged: string][] = [
  [
    "遵循临床诊疗规范，规范医务人员的临床诊疗行为。",
    "遵循临乐诊疗规范,规范医务人员的梏床诊疗行为。",
  ],
  [
    "持续规范医疗机构接受捐赠、临床科研、学术会议或开展项目等业务行为",
    "持续规范医疗机构接受捐赠、临床科研、学术会议或开展项目等业芬行为",
  ],
  ["机制成员单位按职责共同推进持续推进", "机制成员单位按职责共同推进持续推迸"],
  ["严厉打击医药购销领域非法利益链条", "严厉打击医药购销领域非法利益钺条"],
  ["所在单位或科室负责人(签字):填表人(签字):", "所在单位或科室负责人(叁字):填表人(卷字):"],
  [
    "此表由医疗卫生单位组织所属各科室及医疗卫生人员填写",
    "此表由医疔卫生单位组织所属各科室及医疗卫生人员填写",
  ],
];

const han = (s: string) => s.replace(/[^\p{Script=Han}]/gu, "");

describe("text quality", () => {
  const quality = defaultTextQuality();

  it("scores OCR damage clearly below the clean wording of the same sentence", () => {
    const shipped = readdirSync(corpusDir).map((f) => han(corpusText(f)));
    for (const [clean, damaged] of PAIRS) {
      // Both readings are the corpus's own.
      expect(
        shipped.some((t) => t.includes(han(damaged))),
        damaged,
      ).toBe(true);
      expect(quality.score(clean), clean).toBeGreaterThanOrEqual(0.95);
      expect(quality.score(damaged), damaged).toBeLessThanOrEqual(quality.score(clean) - 0.15);
    }
  });

  it("counts policy jargon the clean documents share as words, not as damage", () => {
    const bare = new TextQuality({ referenceTexts: [] });
    const jargon = "落实落细“九项准则”，依法依规严厉打击，营造风清气正的行业环境。";
    expect(quality.score(jargon)).toBeGreaterThan(bare.score(jargon));
    expect(quality.score(jargon)).toBeGreaterThanOrEqual(0.95);
  });
});

describe("text quality of every shipped chunk", () => {
  const docs: { file: string; docs: DocumentDraft[] }[] = [];
  beforeAll(async () => {
    for (const file of readdirSync(corpusDir).filter((f) => f.endsWith(".txt")))
      docs.push({ file, docs: parseSource(await loadFile(`${corpusDir}${file}`)) });
  });

  it("is computed at ingest, 0–1", () => {
    const chunks = docs.flatMap((d) => d.docs.flatMap((doc) => doc.chunks));
    expect(chunks.length).toBeGreaterThan(150);
    for (const chunk of chunks) {
      expect(chunk.quality).toBeGreaterThanOrEqual(0);
      expect(chunk.quality).toBeLessThanOrEqual(1);
    }
  });

  it("is lower for a damaged edition than for the clean one, and marks the scanned documents", () => {
    const all = docs.flatMap((d) => d.docs);
    const find = (file: string, needle: string) =>
      docs
        .find((d) => d.file === file)
        ?.docs.flatMap((doc) => doc.chunks)
        .find((c) => han(c.text).includes(han(needle)));
    const damaged = find(SEEDS.plans2024, "遵循临乐诊疗规范");
    const clean = find(SEEDS.national2022, "遵循临床诊疗规范");
    expect(clean?.quality).toBeGreaterThanOrEqual(0.97);
    expect(damaged?.quality ?? 1).toBeLessThanOrEqual((clean?.quality ?? 0) - 0.05);
    // The self-check form OCR mangled most ("叁字", "卷字", "造规介与", "医疔").
    expect(find(SEEDS.plans2024, "负责人(叁字)")?.quality ?? 1).toBeLessThan(LOW_QUALITY);

    const scans = all.filter((d) => d.meta.scan).map((d) => d.meta.title);
    expect(scans.length).toBeGreaterThanOrEqual(1);
    for (const title of scans) expect(title).toMatch(/^2024年/);
    const clean2022 = all.filter((d) => d.meta.year === 2022 || d.meta.year === 2023);
    for (const doc of clean2022) expect(doc.meta.scan).toBe(false);
    expect(SCAN_DOCUMENT_QUALITY).toBeGreaterThan(LOW_QUALITY);
  });
});
