import { describe, expect, it } from "vitest";
import { SynonymLexicon } from "../../knowledge/lexical/synonyms.js";
import type { WeightedToken } from "../../knowledge/lexical/weighted-token.js";

function weightOf(expanded: WeightedToken[], token: string): number | undefined {
  return expanded.find((t) => t.token === token)?.weight;
}

describe("SynonymLexicon", () => {
  const lexicon = SynonymLexicon.shipped();

  it("expands staff wording to document wording at a lower weight", () => {
    const expanded = lexicon.expand(["药代", "吃饭", "红包"]);
    expect(weightOf(expanded, "药代")).toBe(1);
    expect(weightOf(expanded, "医药代表")).toBe(0.6);
    expect(weightOf(expanded, "宴请")).toBe(0.6);
    expect(weightOf(expanded, "礼金")).toBe(0.6);
  });

  it("gives canonical forms", () => {
    expect(lexicon.canonical("药代")).toBe("医药代表");
    expect(lexicon.canonical("吃饭")).toBe("宴请");
    expect(lexicon.canonical("好处费")).toBe("回扣");
    expect(lexicon.canonical("医药代表")).toBe("医药代表");
    expect(lexicon.canonical("听诊器")).toBe("听诊器");
  });

  it("has no duplicates and keeps typed words at weight 1", () => {
    const expanded = lexicon.expand(["红包", "礼金", "红包"]);
    const tokens = expanded.map((t) => t.token);
    expect(new Set(tokens).size).toBe(tokens.length);
    expect(weightOf(expanded, "礼金")).toBe(1);
    expect(tokens.filter((t) => t === "红包")).toHaveLength(1);
  });

  it("takes a configurable synonym weight", () => {
    const light = new SynonymLexicon("红包 礼金", { synonymWeight: 0.3 });
    expect(light.expand(["红包"])).toEqual([
      { token: "红包", weight: 1, group: "红包" },
      { token: "礼金", weight: 0.3, group: "红包" },
    ]);
  });

  it("adds admin groups after the shipped ones", () => {
    const admin = "# 本院说法\n清风码 廉洁二维码 扫码举报\n";
    const extended = SynonymLexicon.shipped([admin]);
    expect(lexicon.canonical("扫码举报")).toBe("扫码举报");
    expect(extended.canonical("扫码举报")).toBe("清风码");
    expect(weightOf(extended.expand(["清风码"]), "廉洁二维码")).toBe(0.6);
    expect(extended.size).toBe(lexicon.size + 1);
    expect(extended.fingerprint).not.toBe(lexicon.fingerprint);
  });

  it("parses comments, blank lines, full-width text and one-word lines", () => {
    const parsed = new SynonymLexicon("# comment\n\nＫＴＶ 唱歌 # trailing comment\n孤词\n");
    expect(parsed.size).toBe(1);
    expect(parsed.canonical("唱歌")).toBe("ktv");
    expect(parsed.userDictWords().sort()).toEqual(["ktv", "唱歌"]);
  });

  it("lists every synonym for the segmenter dictionary", () => {
    const words = lexicon.userDictWords();
    expect(words).toEqual(expect.arrayContaining(["药代", "好处费", "医药代表", "宴请"]));
  });

  it("loads an optional admin file and tolerates its absence", async () => {
    const loaded = await SynonymLexicon.load({ adminPath: "/nonexistent/qingfeng/synonyms.txt" });
    expect(loaded.size).toBe(lexicon.size);
  });
});
