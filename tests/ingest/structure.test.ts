import { describe, expect, it } from "vitest";
import { cleanText } from "../../ingest/clean/clean-text.js";
import { extractMeta } from "../../ingest/structure/document-meta.js";
import { parseOutline } from "../../ingest/structure/outline-parser.js";
import { splitDocuments } from "../../ingest/structure/split-documents.js";
import { extractTables } from "../../ingest/structure/task-table.js";
import { corpusText, SEEDS } from "./seed-text.js";

describe("parseOutline", () => {
  it("gives clauses their heading path across 一、/（一）/1. levels", () => {
    const blocks = parseOutline([
      "二、工作任务",
      "（二）整治行业重点领域的不正之风问题",
      "4.整治行业管理中的不正之风问题。重点是行业管理过程中的不正之风问题。",
      "5.整治行业组织存在的不正之风问题。重点是……",
    ]);
    const clauses = blocks.filter((b) => b.kind === "clause");
    expect(clauses.map((c) => c.path)).toEqual([
      ["二、工作任务", "（二）整治行业重点领域的不正之风问题", "4.整治行业管理中的不正之风问题"],
      ["二、工作任务", "（二）整治行业重点领域的不正之风问题", "5.整治行业组织存在的不正之风问题"],
    ]);
  });

  it("splits a run-together scrape at expected markers only", () => {
    const blocks = parseOutline([
      "一、整治内容(一)医疗机构向科室或个人下达创收指标。(二)医疗卫生机构实行开单提成。二、整治措施(一)学习教育阶段。组织学习刑法修正案(六)和司法解释等文件。(二)自查自纠阶段。各单位开展自查。",
    ]);
    const texts = blocks.map((b) => b.text);
    expect(texts).toEqual([
      "一、整治内容",
      "(一)医疗机构向科室或个人下达创收指标。",
      "(二)医疗卫生机构实行开单提成。",
      "二、整治措施",
      "(一)学习教育阶段。组织学习刑法修正案(六)和司法解释等文件。",
      "(二)自查自纠阶段。各单位开展自查。",
    ]);
    expect(blocks[4]?.path).toEqual(["二、整治措施", "(一)学习教育阶段"]);
  });

  it("files unnumbered sub-headings and their paragraphs under the current clause", () => {
    const blocks = parseOutline([
      "7.加强医保基金规范管理及使用。聚焦重点科室。",
      "专项行动之一：开展高值耗材专项检查",
      "根据文件要求，对医疗机构高值耗材使用情况全面开展排查整治。",
      "8.持续推进医药价格和招采信用评价。进一步加强信息共享。",
    ]);
    const para = blocks.find((b) => b.kind === "paragraph");
    expect(para?.path.at(-1)).toBe("专项行动之一：开展高值耗材专项检查");
    expect(blocks.at(-1)?.path).toEqual(["8.持续推进医药价格和招采信用评价"]);
  });
});

describe("splitDocuments", () => {
  it("splits the 2023 compilation into its three documents", () => {
    const docs = splitDocuments(cleanText(corpusText(SEEDS.compilation2023)).lines);
    expect(docs.map((d) => d.title)).toEqual([
      "2023年XX省纠正医药购销领域和医疗服务中不正之风工作要点",
      "省2023年纠正医药购销领域和医疗服务中不正之风工作要点",
      "市2023年纠正医药购销领域和医疗服务中不正之风工作要点",
    ]);
    expect(docs[2]?.lines.join("")).toContain("16.加强典型案例通报力度");
    expect(docs[0]?.lines.join("")).not.toContain("16.加强典型案例通报力度");
  });

  it("finds the three plans run together in the 2024 scrape", () => {
    const docs = splitDocuments(cleanText(corpusText(SEEDS.plans2024)).lines);
    expect(docs).toHaveLength(3);
    expect(
      docs.every((d) => d.title?.startsWith("2024年开展纠正药销领域和医疗服务中不正之风工作方案")),
    ).toBe(true);
    expect(docs[1]?.lines.join("")).toMatch(/^为贯彻落实国家卫生健康委等九部委/);
  });

  it("keeps the notice that precedes the only title with its document", () => {
    const docs = splitDocuments(cleanText(corpusText(SEEDS.national2022)).lines);
    expect(docs).toHaveLength(1);
    expect(docs[0]?.lines.join("")).toContain(
      "现将《2022年纠正医药购销领域和医疗服务中不正之风工作要点》印发给你们",
    );
  });
});

describe("extractMeta", () => {
  it("reads issuers and date from the signature block of the 2022 notice", () => {
    const [doc] = splitDocuments(cleanText(corpusText(SEEDS.national2022)).lines);
    const { meta, consumed } = extractMeta({
      title: doc?.title ?? "",
      lines: doc?.lines ?? [],
      hints: { news: false },
    });
    expect(meta.year).toBe(2022);
    expect(meta.date).toBe("2022-05-09");
    expect(meta.issuer?.split("、")).toHaveLength(9);
    expect(meta.issuer).toMatch(/^国家卫生健康委、工业和信息化部、公安部/);
    expect(consumed.size).toBeGreaterThanOrEqual(6);
  });

  it("records the national notice a city document implements as a reference", () => {
    const docs = splitDocuments(cleanText(corpusText(SEEDS.compilation2023)).lines);
    const city = docs[2];
    const { meta } = extractMeta({
      title: city?.title ?? "",
      lines: city?.lines ?? [],
      hints: { news: false },
    });
    expect(meta.references).toContain("国卫医急函〔2023〕75号");
    expect(meta.docNumber).toBeUndefined();
  });
});

describe("extractTables", () => {
  it("turns the tab-flattened 2021 table into ten labelled rows", () => {
    const { tables } = extractTables(cleanText(corpusText(SEEDS.jilin2021)).lines);
    expect(tables[0]?.title).toBe(
      "2021年吉林省纠正医药购销领域和医疗服务中不正之风专项治理工作要点任务分工表",
    );
    const rows = tables[0]?.rows ?? [];
    expect(rows.map((r) => r.n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(rows[4]).toMatchObject({
      category: "保持打击“回扣”行为高压态势",
      unit: "省卫生健康委、省市场监督管理厅、省中医药局按职责分别牵头",
      deadline: "12月底前",
    });
    expect(rows[9]?.deadline).toBe("6月底前");
  });

  it("reassembles the PDF table whose cells wrap and cross page breaks", () => {
    const [doc] = splitDocuments(cleanText(corpusText(SEEDS.national2022)).lines);
    const { tables, lines } = extractTables(doc?.lines ?? []);
    const rows = tables[0]?.rows ?? [];
    expect(rows).toHaveLength(13);
    const row7 = rows[6];
    expect(row7?.category).toBe("深入开展医疗领域乱象治理");
    expect(row7?.unit).toBe("国家卫生健康委牵头，公安部、国家医疗保障局、国家中医药管理局配合");
    expect(row7?.task).toMatch(
      /^坚决落实管理要求。.*严肃查处医疗机构工作人员利用职务、身份之便直播带货。$/,
    );
    expect(rows[1]?.task).toContain("事后有效推进“一案四改”的密切联席工作机制。");
    expect(lines.join("")).not.toContain("序号");
  });
});
