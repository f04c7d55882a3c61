import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { cleanText } from "../../ingest/clean/clean-text.js";
import { loadFile } from "../../ingest/loaders/load-file.js";
import { parseSource } from "../../ingest/parse-source.js";
import { corpusText, SEEDS } from "./seed-text.js";

const corpus = (name: string) =>
  fileURLToPath(new URL(`../../knowledge/corpus/${name}`, import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
const parse = async (path: string) => parseSource(await loadFile(path));

describe("titles as the documents give them", () => {
  it("tells a compilation's same-titled parts apart by their own words, never by invented numbers", async () => {
    const plans = await parse(corpus(SEEDS.plans2024));
    const titles = plans.map((d) => d.meta.title);
    expect(new Set(titles).size).toBe(3);
    const own = "2024年开展纠正药销领域和医疗服务中不正之风工作方案";
    const text = cleanText(corpusText(SEEDS.plans2024)).lines.join("");
    for (const title of titles) {
      expect(title).not.toMatch(/第\d+篇/);
      expect(title.startsWith(own)).toBe(true);
      // Whatever tells the part apart is written in the source itself.
      const qualifier = /（([^）]+)）$/.exec(title.slice(own.length))?.[1] ?? "";
      expect(qualifier).not.toBe("");
      expect(text).toContain(qualifier);
    }
  });
});

describe("issuers", () => {
  it("are read one per body from signature blocks and letterheads, never guessed from a place in the title", async () => {
    const [notice] = await parse(corpus(SEEDS.national2022));
    expect(notice?.meta.issuer?.split("、")).toEqual([
      "国家卫生健康委",
      "工业和信息化部",
      "公安部",
      "财政部",
      "商务部",
      "国家税务总局",
      "国家市场监督管理总局",
      "国家医疗保障局",
      "国家中医药管理局",
    ]);
    const [rules] = await parse(fixture("hospital-policy/rep-reception.docx"));
    expect(rules?.meta.issuer).toBe("XX市第一人民医院");
    // "2023年XX省…", "2021年吉林省…": a province is where a text applies, not who issued it.
    const compiled = await parse(corpus(SEEDS.compilation2023));
    const [jilin] = await parse(corpus(SEEDS.jilin2021));
    const plans = await parse(corpus(SEEDS.plans2024));
    for (const doc of [...compiled, jilin, ...plans]) expect(doc?.meta.issuer).toBeUndefined();
  });
});
