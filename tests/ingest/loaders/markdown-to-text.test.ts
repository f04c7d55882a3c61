import { describe, expect, it } from "vitest";
import { markdownToText } from "../../../ingest/loaders/markdown-to-text.js";

describe("markdownToText", () => {
  it("strips markup and keeps one paragraph per line", () => {
    const md = [
      "# 2023年工作要点 #",
      "",
      "<!-- 草稿 -->",
      "**重点**内容见[国家通知](https://example.cn/a)和*附件*。",
      "",
      "> 引用的段落",
      "",
      "- 条目一",
      "1. 第一条保留编号",
      "",
      "---",
      "",
      "| 序号 | 重点任务 |",
      "|---|:---:|",
      "| 1 | 规范采购 |",
      "```",
      "`代码`",
      "```",
    ].join("\n");
    expect(markdownToText(md).split("\n")).toEqual([
      "2023年工作要点",
      "重点内容见国家通知和附件。",
      "引用的段落",
      "条目一",
      "1. 第一条保留编号",
      "序号\t重点任务",
      "1\t规范采购",
      "代码",
    ]);
  });
});
