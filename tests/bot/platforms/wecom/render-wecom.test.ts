import { describe, expect, it } from "vitest";
import type { OutMessage } from "../../../../bot/kernel/out-message.js";
import {
  CARD_LIMITS,
  dataOfKey,
  renderCards,
} from "../../../../bot/platforms/wecom/render-cards.js";
import {
  escapeMarkdown,
  renderMarkdown,
  WECOM_MARKDOWN_MAX_BYTES,
} from "../../../../bot/platforms/wecom/render-markdown.js";

const bytes = (s: string) => Buffer.byteLength(s, "utf8");

/** Back from rendered markdown to the text a reader sees: styling and escapes removed, lines kept. */
function readBack(markdown: string): string[] {
  return markdown.split(/ {2}\n|\n\n/).map((line) =>
    line
      .replace(/^> /, "")
      .replace(/^\*\*([\s\S]*)\*\*$/, "$1")
      .replace(/^\*([\s\S]*)\*$/, "$1")
      .replace(/\\([\s\S])/g, "$1"),
  );
}

const HOSTILE = [
  "1. 不得**收受**回扣 <b>粗体</b> & &amp; [链接](http://x.example) ![图](y)",
  "# 不是标题 | 表格 | a_b_c `code` ~~删~~ \\ 反斜杠",
  "- 不是列表",
  "+ 也不是",
  "> 不是引用",
  "--- 不是分隔线",
  "2) 不是编号",
];

describe("WeCom markdown", () => {
  it("escapes every character of document text that could become markup", () => {
    const md = escapeMarkdown(HOSTILE.join("\n"));
    // No markup character is left unescaped.
    expect(md.replace(/\\[\\`*_~[\]<>|&#+=.)-]/g, "")).not.toMatch(/[\\`*_~[\]<>|&#]/);
    for (const line of md.split("\n")) expect(line).not.toMatch(/^(?:[-+=#>]|\d+[.)])/);
    expect(readBack(md).join("\n")).toBe(HOSTILE.join("\n"));
  });

  it("renders a title bold, quotes line by line and notes in italics, all escaped and readable back", () => {
    const message: OutMessage = {
      sections: [
        { kind: "title", text: "🚫 禁止" },
        { kind: "text", text: "不可以。\n第二行" },
        { kind: "note", text: "[1] 《关于印发医疗机构工作人员廉洁从业九项准则的通知》 · 2021" },
        { kind: "quote", text: "严禁收受回扣。\n    缩进的第二行不是代码块" },
      ],
    };
    const [md, ...rest] = renderMarkdown(message);
    expect(rest).toEqual([]);
    expect(md).toMatch(/^\*\*🚫 禁止\*\*\n\n不可以。 {2}\n第二行\n\n\*\\\[1\\\] 《/);
    expect(md).toContain("> 严禁收受回扣。  \n> 缩进的第二行不是代码块");
    expect(readBack(md ?? "")).toEqual([
      "🚫 禁止",
      "不可以。",
      "第二行",
      "[1] 《关于印发医疗机构工作人员廉洁从业九项准则的通知》 · 2021",
      "严禁收受回扣。",
      "缩进的第二行不是代码块",
    ]);
  });

  it("splits long messages under WeCom's 20,480 bytes, between sections, keeping every sentence once in order", () => {
    const sentence = (i: number) => `第${i}条 医务人员不得收受**回扣**，违者 <严肃> 处理。`;
    const sections = Array.from({ length: 12 }, (_, s) => ({
      kind: (s % 2 ? "quote" : "text") as "quote" | "text",
      text: Array.from({ length: 80 }, (_, i) => sentence(s * 100 + i)).join(""),
    }));
    const parts = renderMarkdown({ sections });
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(bytes(part)).toBeLessThanOrEqual(WECOM_MARKDOWN_MAX_BYTES);
      // Never cut inside an escape.
      expect(part).not.toMatch(/(?<!\\)(?:\\\\)*\\$/);
    }
    const text = parts.flatMap(readBack).join("");
    const expected = sections.map((s) => s.text).join("");
    expect(text).toBe(expected);
  });

  it("cuts a single sentence longer than a whole message between characters", () => {
    const huge = "禁".repeat(30_000); // 90 KB, no punctuation at all
    const parts = renderMarkdown({ sections: [{ kind: "text", text: huge }] }, 20_480);
    expect(parts.length).toBe(5);
    for (const part of parts) expect(bytes(part)).toBeLessThanOrEqual(20_480);
    expect(parts.join("")).toBe(huge);
  });
});

describe("WeCom button cards", () => {
  const message: OutMessage = {
    sections: [
      {
        kind: "title",
        text: "典型案例通报：某医院医生收受回扣问题（第 12 号通报，请全体医务人员阅读）",
      },
    ],
    buttons: [
      [
        { label: "相关条款", data: "case:clauses:12" },
        { label: "全文", data: "case:full:12" },
      ],
      [{ label: "已阅并知晓", data: "case:ack:12" }],
      Array.from({ length: 5 }, (_, i) => ({
        label: `选项${i}：一个很长很长的按钮文字`,
        data: `qz:a:7:${i}`,
      })),
    ],
  };

  it("puts at most 6 buttons on a card, keeps their order, and carries the data in unique keys", () => {
    const cards = renderCards(message);
    expect(cards.map((c) => c.button_list?.length)).toEqual([6, 2]);
    const keys = cards.flatMap((c) => c.button_list?.map((b) => b.key) ?? []);
    expect(keys.map((k) => dataOfKey(k))).toEqual(message.buttons?.flat().map((b) => b.data));
    for (const card of cards) {
      const own = card.button_list?.map((b) => b.key) ?? [];
      expect(new Set(own).size).toBe(own.length);
      expect(card.card_type).toBe("button_interaction");
      expect(card.task_id).toMatch(/^[A-Za-z0-9_\-@]{1,128}$/);
      for (const b of card.button_list ?? [])
        expect(Array.from(b.text).length).toBeLessThanOrEqual(CARD_LIMITS.buttonChars);
    }
    expect(cards[0]?.task_id).not.toBe(cards[1]?.task_id);
    expect(Array.from(cards[0]?.main_title?.title ?? "").length).toBeLessThanOrEqual(26);
    expect(cards[0]?.main_title?.title).toMatch(/^典型案例通报：某医院医生收受回扣问题.*…$/);
  });

  it("reads back only keys it made", () => {
    expect(dataOfKey("3:fb:u:12")).toBe("fb:u:12");
    expect(dataOfKey("fb:u:12")).toBeUndefined();
    expect(dataOfKey("")).toBeUndefined();
    expect(renderCards({ sections: [{ kind: "text", text: "无按钮" }] })).toEqual([]);
  });

  it("turns a folded clause into its 全文 button: markdown cannot fold, the clause is one press away", () => {
    const message: OutMessage = {
      sections: [
        { kind: "text", text: "不可以。" },
        {
          kind: "collapsed",
          label: "[1] 全文",
          text: "(九)医疗卫生人员索取或收受患者及其亲友的现金。",
          open: { label: "全文 1", data: "full:7:1" },
        },
      ],
      buttons: [[{ label: "👍", data: "fb:7:up" }]],
    };
    const markdown = renderMarkdown(message).join("");
    expect(markdown).toContain("不可以。");
    expect(markdown).not.toContain("索取或收受患者");
    const keys = renderCards(message).flatMap((c) => (c.button_list ?? []).map((b) => b.text));
    expect(keys).toEqual(["全文 1", "👍"]);
  });
});
