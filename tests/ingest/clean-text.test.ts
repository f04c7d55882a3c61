import { describe, expect, it } from "vitest";
import { cleanText } from "../../ingest/clean/clean-text.js";
import { normalizeLines } from "../../ingest/clean/normalize-lines.js";
import { rejoinWrappedLines } from "../../ingest/clean/rejoin-wrapped-lines.js";
import { removeChrome } from "../../ingest/clean/remove-chrome.js";
import { removePageMarkers } from "../../ingest/clean/remove-page-markers.js";
import { corpusText, SEEDS } from "./seed-text.js";

describe("normalizeLines", () => {
  it("drops extraction spaces inside Chinese but keeps column gaps as cells", () => {
    const [a, b] = normalizeLines(
      "　　2022 年纠正医药购销领域\n国家卫生健康委\u2002\u2002\u2002工业和信息化部",
    );
    expect(a).toBe("2022年纠正医药购销领域");
    expect(b?.split("\t")).toEqual(["国家卫生健康委", "工业和信息化部"]);
  });

  it("removes paid-content markers", () => {
    expect(normalizeLines("标题\n##paidbegin##　　正文。").join("|")).toBe("标题||正文。");
  });
});

describe("removeChrome", () => {
  it("drops document-site upload metadata and keeps the uploaded file name as a title hint", () => {
    const head = corpusText(SEEDS.plans2024).split("\n").slice(0, 22);
    const { lines, titleHints } = removeChrome(normalizeLines(head.join("\n")));
    expect(titleHints[0]).toBe("2024年医院开展纠正药销领域和医疗服务中不正之风工作实施方案");
    const kept = lines.filter((l) => l !== "").join("\n");
    expect(kept).not.toMatch(/上传人|第1页|点击查看更多|资源描述|由会员分享/);
    expect(kept).toContain("2024年开展纠正药销领域和医疗服务中不正之风工作方案");
  });

  it("drops advertising blocks and page URLs but keeps the policy text around them", () => {
    const text = [
      "3.重点检查（2023年7月-10月31日）",
      "【哒哒素材库】——每天更新材料1000多篇内部高质量素材， 会员群+网盘群同步每日更新，一键精准搜索",
      "欢迎加入“哒哒素材库svip会员”，9000万字材料，轻松解决您的各类素材需求！添加 客服：,请各位小伙伴认准哒哒",
      "http://www.nhc.gov.cn/yzygj/hfgw/202206/a8b07588e98641b99047bf7272af017d.shtml",
    ].join("\n");
    const { lines } = removeChrome(normalizeLines(text));
    expect(lines).toEqual(["3.重点检查（2023年7月-10月31日）"]);
  });
});

describe("removePageMarkers", () => {
  it("glues pages cut mid-word back together", () => {
    const page = (n: number, body: string) => `${n}、${body}${"内容。".repeat(80)}`;
    const lines = [
      page(1, "开头"),
      "",
      `${page(2, "甲")}出国(境)旅`,
      "",
      `3、游或者以交流考察等名义变相旅游。${"内容。".repeat(80)}`,
    ];
    const out = removePageMarkers(lines).join("");
    expect(out).toContain("出国(境)旅游或者以交流考察等名义变相旅游");
    expect(out).not.toMatch(/^\d、|。\d、/);
  });

  it("leaves a real numbered list alone", () => {
    const list = ["1、第一项。", "2、第二项。", "3、第三项。"];
    expect(removePageMarkers(list)).toEqual(list);
  });
});

describe("rejoinWrappedLines", () => {
  it("re-joins the hard-wrapped 2022 PDF text without inserting spaces", () => {
    const { lines } = cleanText(corpusText(SEEDS.national2022));
    const clause = lines.find((l) => l.startsWith("（六）坚决维护医保基金安全"));
    expect(clause).toContain("持续开展医保定点医疗机构规范使用医保基金行为专项治理");
    expect(lines).toContain("2022年纠正医药购销领域和医疗服务中不正之风工作要点");
    // The page URL sat inside this sentence.
    expect(lines.join("")).toContain("部门各负其责、纪检监察机关组织协调和监督检查");
  });

  it("does not touch text whose lines are whole paragraphs", () => {
    const paragraphs = ["一、总体要求", "以新时代思想为指导，全面贯彻落实。", "二、工作任务"];
    expect(rejoinWrappedLines(paragraphs)).toEqual(paragraphs);
  });
});

describe("cleanText on whole seeds", () => {
  // The news reprint is HTML: the HTML loader extracts its article first (see parse-source tests).
  it.each(Object.values(SEEDS).filter((s) => s !== SEEDS.news2022))(
    "leaves no chrome, ads, markers or URLs in %s",
    (name) => {
      const text = cleanText(corpusText(name)).lines.join("\n");
      expect(text).not.toMatch(
        /##paid|哒哒|会员|上传人|责任编辑|<\/?p>|<!--|https?:\/\/|appendQr|展开阅读全文|ICP备/,
      );
    },
  );
});
