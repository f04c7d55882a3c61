import { describe, expect, it } from "vitest";
import {
  askedKinds,
  askedRuling,
  phraseAround,
  rulesOnAsked,
} from "../../../knowledge/answer/conduct-citations.js";
import { ConductCatalogue } from "../../../knowledge/conduct/catalogue.js";
import { tagClause } from "../../../knowledge/conduct/clause-kinds.js";
import { ConductMatcher } from "../../../knowledge/conduct/conduct-matcher.js";
import type { SearchHit } from "../../../knowledge/types.js";

const matcher = new ConductMatcher(ConductCatalogue.shipped());

/** A retrieved clause, tagged as ingest tags it. */
function hit(text: string, section = ""): SearchHit {
  return {
    chunkId: 1,
    docId: 1,
    title: "文件",
    section,
    text,
    score: 1,
    source: "a.txt",
    kind: "clause",
    kinds: tagClause(text, section, matcher),
    alsoIn: [],
  };
}

describe("which cited clauses a reply shows beside the decisive one", () => {
  const asked = askedKinds(matcher.match("医药代表请我吃饭，还要送我购物卡，我能接受吗？"));

  it("takes the kinds the question names about as strongly as the first, not one it brushes", () => {
    const ids = asked.map((k) => k.kind.id);
    expect(ids[0]).toBeDefined();
    expect(ids).toContain("firm-hospitality");
    const all = matcher.match("医药代表请我吃饭，还要送我购物卡，我能接受吗？");
    const top = all[0]?.score ?? 0;
    for (const k of all.slice(1)) {
      expect(ids.includes(k.kind.id)).toBe(k.governed && k.score >= 0.6 * top);
    }
    expect(askedKinds([])).toEqual([]);
  });

  it("shows a clause that names the asked conduct by the act, not one that shares its words", () => {
    expect(rulesOnAsked(hit("严禁收受利益企业财物、接受招待、领取报酬。"), asked, matcher)).toBe(
      true,
    );
    // Shares 医保 and 现金 with nothing asked about meals or gifts from firms.
    expect(
      rulesOnAsked(
        hit("严查医保基金使用中接受返还现金实物等违法违规行为。", "医保基金专项治理"),
        asked,
        matcher,
      ),
    ).toBe(false);
    // Names who (销售代表) and what (姓名), not the conduct: a procurement contract.
    const contract = hit(
      "医疗卫生机构在与药品生产、经营企业签署药品采购合同时，应当列明企业指定销售代表姓名，规范采购行为。",
    );
    const leak = askedKinds(matcher.match("我把病人的CT和住院号截图发到群里了，算违规吗？"));
    expect(leak[0]?.kind.id).toBe("patient-data-leak");
    expect(rulesOnAsked(contract, leak, matcher)).toBe(false);
    expect(
      rulesOnAsked(hit("违反规定泄露患者等服务对象的个人资料和医学信息。"), leak, matcher),
    ).toBe(true);
  });

  it("quotes the phrase that rules on the asked conduct, not the heading it stands under", () => {
    const clause = hit(
      "10.划清“红包”回扣问题红线。重点关注临床使用的药品耗材。严禁收受利益企业财物、接受招待、领取报酬。",
      "二、工作任务 > 10.划清“红包”回扣问题红线",
    );
    expect(askedRuling(clause, asked, matcher)).toBe("严禁收受利益企业财物、接受招待、领取报酬");
    // A one-sentence item that the document's structure made its own heading is still the rule.
    const item = "二、本病区不得接受医药企业安排的宴请、旅游和娱乐活动。";
    expect(askedRuling(hit(item, `某医院规定 > ${item}`), asked, matcher)).toBeDefined();
  });

  it("does not show a clause that names the asked conduct only in passing", () => {
    const vbp = askedKinds(
      matcher.match("集采中选的降压药挂网三个月了，药事会一直不让进目录，这么拖着算违规吗？"),
    );
    expect(vbp.map((k) => k.kind.id)).toContain("vbp-obstruction");
    // About kickbacks: 集采中选产品 is one of the data sources of the campaign.
    const passing = hit(
      "以重点科室负责人作为回扣治理重点，充分运用医疗大数据监管、集采中选产品使用，开展回扣问题专项排查检查，对于查实的问题要依规从严处理。",
    );
    expect(passing.kinds?.some((t) => t.kind === "vbp-obstruction")).toBe(true);
    expect(askedRuling(passing, vbp, matcher)).toBeUndefined();
    const ruling = hit(
      "落实优先采购使用集中带量采购中选产品政策，防范医疗机构和医务人员使用高价非集采或集采非中选产品替代集采中选产品。",
    );
    expect(askedRuling(ruling, vbp, matcher)).toBeDefined();
  });

  it("cuts a phrase at the punctuation around the named conduct, at most 40 characters", () => {
    const sentence = "各单位要加强管理，严禁收受利益企业财物，接受招待，领取报酬，违者严肃处理。";
    expect(phraseAround(sentence, sentence.indexOf("收受"))).toBe("严禁收受利益企业财物，接受招待");
    const long = phraseAround(`严禁${"收受财物".repeat(20)}。`, 3);
    expect(Array.from(long)).toHaveLength(40);
    expect(long.endsWith("…")).toBe(true);
  });
});
