import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { cleanText } from "../../ingest/clean/clean-text.js";
import { loadFile } from "../../ingest/loaders/load-file.js";
import { parseSource } from "../../ingest/parse-source.js";
import type { ChunkDraft, DocumentDraft } from "../../knowledge/types.js";
import { SEEDS } from "./seed-text.js";

const corpusDir = fileURLToPath(new URL("../../knowledge/corpus/", import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

/**
 * The outline numbers of Chinese policy text, written out here rather than
 * taken from the parser, so the test checks the parser instead of repeating it.
 * "1." also as OCR reads it ("I1.").
 */
const LEVELS: [string, RegExp][] = [
  ["一、", /^[一二三四五六七八九十]{1,3}、/],
  ["（一）", /^[（(][一二三四五六七八九十]{1,3}[）)]/],
  ["1.", /^(?:\d{1,2}|[Il]\d|\d[Il])\s?[.．](?!\d)/],
  ["（1）", /^[（(]\d{1,2}[）)]/],
  ["第N条", /^第[一二三四五六七八九十百零\d]{1,5}条/],
];

/** Where an item can start: the text start, or right after a sentence end or a colon. */
const ITEM_START = /(?:^|[。；;！？!?：:]|(?<=\p{Script=Han})\.(?!\d))\s*/gu;

/** The outline levels of the numbered items a chunk holds, its own one (its label) included. */
function itemLevels(chunk: ChunkDraft): string[] {
  const levels: string[] = [];
  const own = chunk.label ? LEVELS.find(([, re]) => re.test(chunk.label ?? "")) : undefined;
  let ownCounted = false;
  for (const m of chunk.text.matchAll(ITEM_START)) {
    const at = (m.index ?? 0) + m[0].length;
    const level = LEVELS.find(([, re]) => re.test(chunk.text.slice(at)));
    if (!level) continue;
    levels.push(level[0]);
    if (at === 0) ownCounted = true;
  }
  // A piece of a long clause, or a clause whose number OCR hid, still is its item.
  if (own && !ownCounted) levels.push(own[0]);
  return levels;
}

const squeeze = (s: string) => s.replace(/\s+/g, "");

describe("chunks of the whole shipped corpus", () => {
  const docs: { file: string; cleaned: string; docs: DocumentDraft[] }[] = [];
  beforeAll(async () => {
    for (const name of readdirSync(corpusDir).filter((f) => f.endsWith(".txt"))) {
      const loaded = await loadFile(`${corpusDir}${name}`);
      docs.push({
        file: name,
        cleaned: squeeze(cleanText(loaded.text).lines.join("\n")),
        docs: parseSource(loaded),
      });
    }
  });

  it("hold one numbered item each, verbatim from the cleaned source", () => {
    const glued: string[] = [];
    let clauses = 0;
    for (const { file, cleaned, docs: parsed } of docs) {
      for (const chunk of parsed.flatMap((d) => d.chunks)) {
        // Table rows are records built from cells ("任务：…\n责任单位：…"), not running text.
        if (chunk.kind === "row") continue;
        clauses++;
        expect(cleaned, `${file}: ${chunk.text.slice(0, 40)}`).toContain(squeeze(chunk.text));
        const levels = itemLevels(chunk);
        if (new Set(levels).size < levels.length) glued.push(`${file}: ${chunk.text.slice(0, 80)}`);
      }
    }
    expect(clauses).toBeGreaterThan(150);
    expect(glued).toEqual([]);
  });

  it("split the items a scrape glued together at the next number after a sentence end", () => {
    const plans = docs.find((d) => d.file === SEEDS.plans2024)?.docs ?? [];
    const texts = plans.flatMap((d) => d.chunks.map((c) => c.text));
    const starting = (prefix: string) => texts.filter((t) => t.startsWith(prefix));
    // "…开展合作。12 .夯实清正廉洁思想根基。…" and "…良好氛围。13 .加强行风建设社会监督。…"
    expect(starting("12 .夯实清正廉洁思想根基。")).toHaveLength(1);
    expect(starting("13 .加强行风建设社会监督。")).toHaveLength(1);
    // "I1." is OCR's "11.": the number expected after 10. starts a clause too.
    expect(starting("I1.推动完善机制建设。")).toHaveLength(1);
    expect(texts.some((t) => /审慎考虑与名单内企业开展合作。\s*12/.test(t))).toBe(false);
  });
});

describe("section paths", () => {
  const all: { file: string; chunk: ChunkDraft }[] = [];
  beforeAll(async () => {
    const files = [
      ...readdirSync(corpusDir)
        .filter((f) => f.endsWith(".txt"))
        .map((f) => `${corpusDir}${f}`),
      fixture("hospital-policy/integrity-rules.gb18030.txt"),
      fixture("hospital-policy/rep-reception.docx"),
      fixture("2023-city-work-points.docx"),
    ];
    for (const file of files)
      for (const doc of parseSource(await loadFile(file)))
        for (const chunk of doc.chunks) all.push({ file, chunk });
  });

  it("are made of headings only, never of the clause's own first words", () => {
    const bad: string[] = [];
    for (const { file, chunk } of all) {
      const opening = chunk.text.slice(0, 30);
      for (const element of chunk.path) {
        if (element.endsWith("…") || (opening.length >= 20 && element.endsWith(opening)))
          bad.push(`${file}: ${chunk.path.join(" > ")}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it("end at the parent heading and the item's number when the item has no heading of its own", async () => {
    const [plan] = parseSource(await loadFile(`${corpusDir}${SEEDS.plans2024}`));
    const first = plan?.chunks.find((c) =>
      c.text.startsWith("(一)医疗机构向科室或个人下达创收指标"),
    );
    expect(first?.path).toEqual(["一、整治内容", "(一)"]);
    expect(first?.label).toBe("(一)");
    const rules = parseSource(await loadFile(fixture("hospital-policy/rep-reception.docx")));
    const article = rules[0]?.chunks.find((c) => c.text.startsWith("第十一条"));
    expect(article?.path).toEqual(["第三章 接待管理", "第十一条"]);
    expect(article?.label).toBe("第十一条");
    // A heading of its own stays: number and heading, never the text after it.
    const headed = plan?.chunks.find((c) => c.text.startsWith("(一)学习教育阶段"));
    expect(headed?.path).toEqual([
      "二、整治措施及活动步骤",
      "(一)学习教育阶段(2024年X月1日一X月5日)",
    ]);
    const runIn = parseSource(await loadFile(`${corpusDir}${SEEDS.plans2024}`))[2]?.chunks.find(
      (c) => c.text.startsWith("四、方方法步骤本次"),
    );
    expect(runIn?.path).toEqual(["四、方方法步骤"]);
  });
});
