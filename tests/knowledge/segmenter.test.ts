import { describe, expect, it } from "vitest";
import { createSegmenter, Segmenter } from "../../knowledge/lexical/segmenter.js";
import { SynonymLexicon } from "../../knowledge/lexical/synonyms.js";

describe("Segmenter", () => {
  const segmenter = createSegmenter({ synonyms: SynonymLexicon.shipped() });

  it("keeps domain terms whole", () => {
    const tokens = segmenter.tokenize("严禁带金销售，落实九项准则，药代不得进入诊疗区域");
    expect(tokens).toContain("带金销售");
    expect(tokens).toContain("九项准则");
    expect(tokens).toContain("药代");
  });

  it("still finds the shorter known words inside a long term", () => {
    const tokens = segmenter.tokenize("医疗机构工作人员利用职务之便直播带货");
    expect(tokens).toEqual(
      expect.arrayContaining(["医疗机构工作人员", "医疗机构", "工作人员", "直播带货"]),
    );
  });

  it("normalises width and case, drops punctuation and function words", () => {
    const tokens = segmenter.tokenize("药代请我吃饭，可以吗？ＫＴＶ　２０２３年");
    expect(tokens).toEqual(expect.arrayContaining(["药代", "请", "吃饭", "ktv", "2023"]));
    for (const dropped of ["我", "可以", "吗", "，", "？", " ", "　"])
      expect(tokens).not.toContain(dropped);
  });

  it("keeps short content words the HMM would glue to a modal", () => {
    expect(segmenter.tokenize("医药代表送的购物卡能收吗")).toEqual(
      expect.arrayContaining(["医药代表", "送", "购物卡", "收"]),
    );
  });

  it("adds synonym words to the dictionary", () => {
    expect(segmenter.tokenize("他给了我好处费")).toContain("好处费");
  });

  it("takes extra user-dictionary text, comments allowed", () => {
    const plain = new Segmenter();
    const extended = new Segmenter("# admin terms\n清风廉洁码 10\n");
    expect(plain.tokenize("扫清风廉洁码")).not.toContain("清风廉洁码");
    expect(extended.tokenize("扫清风廉洁码")).toContain("清风廉洁码");
    expect(extended.fingerprint).not.toBe(plain.fingerprint);
  });

  it("returns nothing for blank or punctuation-only text", () => {
    expect(segmenter.tokenize("")).toEqual([]);
    expect(segmenter.tokenize("  ，。！？  ")).toEqual([]);
  });
});
