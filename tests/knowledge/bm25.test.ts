import { describe, expect, it } from "vitest";
import { Bm25Index } from "../../knowledge/lexical/bm25.js";
import { createSegmenter } from "../../knowledge/lexical/segmenter.js";
import { SynonymLexicon } from "../../knowledge/lexical/synonyms.js";
import type { WeightedToken } from "../../knowledge/lexical/weighted-token.js";

const q = (...tokens: string[]) => tokens.map((token) => ({ token, weight: 1 }));

describe("Bm25Index", () => {
  function sample(): Bm25Index {
    const index = new Bm25Index();
    index.add(1, ["红包", "患者", "收受"]);
    index.add(2, ["回扣", "医药", "企业", "收受"]);
    index.add(3, ["医保", "基金", "监管"]);
    index.add(4, ["红包", "红包", "礼金", "现金", "患者", "亲友"]);
    return index;
  }

  it("ranks documents holding the query terms first", () => {
    const hits = sample().search(q("回扣", "收受"), 10);
    expect(hits[0]?.id).toBe(2);
    expect(hits.map((h) => h.id)).not.toContain(3);
    expect(hits.every((h) => h.score > 0)).toBe(true);
  });

  it("limits to k and handles an empty index or query", () => {
    expect(sample().search(q("红包"), 1)).toHaveLength(1);
    expect(new Bm25Index().search(q("红包"), 5)).toEqual([]);
    expect(sample().search([], 5)).toEqual([]);
    expect(sample().search(q("不存在"), 5)).toEqual([]);
  });

  it("removes documents", () => {
    const index = sample();
    expect(index.remove(2)).toBe(true);
    expect(index.remove(2)).toBe(false);
    expect(index.size).toBe(3);
    expect(index.search(q("回扣"), 5)).toEqual([]);
    expect(index.search(q("收受"), 5).map((h) => h.id)).toEqual([1]);
  });

  it("replaces a document added twice", () => {
    const index = sample();
    index.add(3, ["回扣"]);
    expect(index.size).toBe(4);
    expect(index.search(q("医保"), 5)).toEqual([]);
    expect(index.search(q("回扣"), 5).map((h) => h.id)).toContain(3);
  });

  it("multiplies term scores by query weights", () => {
    const index = sample();
    const full = index.search([{ token: "回扣", weight: 1 }], 1)[0]!.score;
    const light = index.search([{ token: "回扣", weight: 0.5 }], 1)[0]!.score;
    expect(light).toBeCloseTo(full / 2, 10);
    // Weights decide which of two matching documents wins.
    const leanRed = index.search(
      [
        { token: "红包", weight: 1 },
        { token: "回扣", weight: 0.1 },
      ],
      2,
    );
    const leanKickback = index.search(
      [
        { token: "红包", weight: 0.1 },
        { token: "回扣", weight: 1 },
      ],
      2,
    );
    expect(leanRed[0]?.id).not.toBe(2);
    expect(leanKickback[0]?.id).toBe(2);
  });

  it("does not double count a repeated query term", () => {
    const index = sample();
    const once = index.search(q("回扣"), 1)[0]!.score;
    const twice = index.search(q("回扣", "回扣"), 1)[0]!.score;
    expect(twice).toBe(once);
  });

  it("counts a word and its synonyms once per document", () => {
    const index = new Bm25Index();
    index.add(1, ["红包", "礼金", "现金", "患者"]);
    index.add(2, ["红包", "患者", "亲友", "索取"]);
    index.add(3, ["其他"]);
    const query: WeightedToken[] = [
      { token: "红包", weight: 1, group: "红包" },
      { token: "礼金", weight: 0.6, group: "红包" },
      { token: "现金", weight: 0.6, group: "红包" },
    ];
    const scoreOf = (q: WeightedToken[], id: number) =>
      index.search(q, 3).find((hit) => hit.id === id)?.score ?? 0;
    const single = query.map((term) => scoreOf([term], 1));
    // Doc 1 holds three words of one concept: it scores the best one, not the sum.
    expect(scoreOf(query, 1)).toBeCloseTo(Math.max(...single), 10);
    const ungrouped = query.map(({ token, weight }) => ({ token, weight }));
    expect(scoreOf(ungrouped, 1)).toBeCloseTo(
      single.reduce((sum, x) => sum + x, 0),
      10,
    );
  });

  it("saturates term frequency and normalises length (k1, b)", () => {
    const index = new Bm25Index({ k1: 1.2, b: 0.75 });
    index.add(1, ["红包"]);
    index.add(2, ["红包", ...Array.from({ length: 30 }, (_, i) => `填充${i}`)]);
    index.add(3, ["其他"]);
    const [first] = index.search(q("红包"), 2);
    expect(first?.id).toBe(1);
    const flat = new Bm25Index({ b: 0 });
    flat.add(1, ["红包"]);
    flat.add(2, ["红包", "其他", "其他"]);
    const [a, b] = flat.search(q("红包"), 2);
    expect(a?.score).toBeCloseTo(b?.score ?? 0, 10);
  });

  it("answers a clinician's question from policy wording via segmenter and synonyms", () => {
    const synonyms = SynonymLexicon.shipped();
    const segmenter = createSegmenter({ synonyms });
    const clauses = [
      "严禁收受利益企业财物、接受招待、领取报酬，不得参加医药代表安排的宴请。",
      "医疗卫生人员索取或收受患者及其亲友的现金、有价证券、支付凭证和贵重礼品。",
      "持续加强医保基金监管，推进打击欺诈骗保专项整治行动。",
      "落实优先采购使用集中带量采购中选产品政策。",
    ];
    const index = new Bm25Index();
    clauses.forEach((text, id) => {
      index.add(id, segmenter.tokenize(text));
    });
    const search = (question: string) =>
      index.search(synonyms.expand(segmenter.tokenize(question)), 3);
    expect(search("药代请我吃饭可以吗？")[0]?.id).toBe(0);
    expect(search("病人家属塞红包能收吗？")[0]?.id).toBe(1);
    expect(search("集采的药必须优先用吗")[0]?.id).toBe(3);
  });

  it("stays fast with many documents", () => {
    const index = new Bm25Index();
    const vocabulary = Array.from({ length: 5000 }, (_, i) => `词${i}`);
    let seed = 7;
    const next = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed;
    };
    for (let id = 0; id < 50_000; id++) {
      index.add(
        id,
        Array.from({ length: 40 }, () => vocabulary[next() % vocabulary.length]!),
      );
    }
    const started = performance.now();
    for (let i = 0; i < 20; i++) index.search(q("词1", "词2", "词3", "词4", "词5"), 10);
    // Postings keep a query far below a scan of 50k documents; generous bound for slow CI.
    expect((performance.now() - started) / 20).toBeLessThan(50);
    expect(index.size).toBe(50_000);
  });
});
