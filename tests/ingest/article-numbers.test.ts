import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadFile } from "../../ingest/loaders/load-file.js";
import { parseSource } from "../../ingest/parse-source.js";

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
const parse = async (path: string) => parseSource(await loadFile(path));

describe("article numbers", () => {
  const third = /第三条 医务人员不得索取或收受患者及其亲友的红包/;

  it("stand one space apart from their text in every format", async () => {
    for (const file of [
      "hospital-policy/integrity-rules.gb18030.txt",
      "hospital-policy/integrity-rules.docx",
      "hospital-policy/integrity-rules.pdf",
    ]) {
      const chunks = (await parse(fixture(file))).flatMap((d) => d.chunks);
      const article = chunks.find((c) => c.text.startsWith("第三条"));
      expect(article?.text, file).toMatch(third);
      expect(chunks.every((c) => !/第[一二三四五六七八九十]+条[\t\u3000]/.test(c.text))).toBe(true);
    }
  });

  it("also when a .txt ran the number into its text", () => {
    const [doc] = parseSource({
      path: "rules.txt",
      format: "txt",
      meta: {},
      text: "某医院廉洁从业规定\n第一条为规范医务人员执业行为，制定本规定。\n第二条\t医务人员不得收受患者红包。\n",
    });
    expect(doc?.chunks.map((c) => c.text)).toEqual([
      "第一条 为规范医务人员执业行为，制定本规定。",
      "第二条 医务人员不得收受患者红包。",
    ]);
    expect(doc?.chunks.map((c) => c.path)).toEqual([["第一条"], ["第二条"]]);
  });
});
