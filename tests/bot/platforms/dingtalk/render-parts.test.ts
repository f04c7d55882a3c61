import { describe, expect, it } from "vitest";
import type { OutMessage } from "../../../../bot/kernel/out-message.js";
import {
  escapeMarkdown,
  renderSection,
  unescapeMarkdown,
} from "../../../../bot/platforms/dingtalk/markdown-text.js";
import {
  buttonsJson,
  DINGTALK_LIMITS,
  type DingTalkPart,
  renderParts,
} from "../../../../bot/platforms/dingtalk/render-parts.js";

const bytes = (s: string) => Buffer.byteLength(s, "utf8");
const chars = (s: string) => Array.from(s).length;
const textOf = (p: DingTalkPart) => (p.kind === "markdown" ? p.text : p.markdown);

/** Markdown syntax left active in escaped text: what a renderer would not show as typed. */
function activeSyntax(markdown: string): string[] {
  const found: string[] = [];
  for (const line of markdown.split("\n")) {
    const body = line.replace(/^(### |> ?)/, "");
    if (/^(?:[#>+\-=]|\d+[.)])/.test(body)) found.push(`line start: ${body.slice(0, 10)}`);
    if (/^[ \t]{4}/.test(body)) found.push("indented code");
    const unescaped = body.replace(/\\./g, "");
    for (const pattern of [/[*_`|]/, /\]\(/, /<[A-Za-z/!?]/, /&#?\w+;/, /~~/]) {
      if (pattern.test(unescaped)) found.push(`${pattern}: ${body}`);
    }
  }
  return found;
}

describe("DingTalk markdown escaping", () => {
  const hostile = [
    "# 不是标题",
    "> 不是引用",
    "- 不是列表",
    "+ 也不是",
    "1. 不是有序列表",
    "    四个空格不是代码块",
    "=====",
    "第二条 **禁止** 收受 _回扣_ 与 `红包`，详见 [链接](http://evil.example) 与 ![图](http://x/y.png)",
    '<font color="red">红字</font> <a atId=123>@某人</a> &amp; &#60; ~~删除~~ a|b 反斜杠\\',
    "[1] 《规定》 · 二、工作任务 > （四） 5<6 & 7>3",
  ].join("\n");

  it("leaves no markdown active in document text and reads back as typed", () => {
    const escaped = escapeMarkdown(hostile);
    expect(activeSyntax(escaped)).toEqual([]);
    expect(unescapeMarkdown(escaped)).toBe(hostile.replace(/^ {4}/m, ""));
    for (const kind of ["title", "text", "quote", "note"] as const) {
      expect(activeSyntax(renderSection(kind, hostile))).toEqual([]);
    }
  });

  it("escapes nothing where nothing would become markdown: citations and section paths read plainly", () => {
    const plain = "[1] 《医疗机构工作人员廉洁从业九项准则》 · 2021\n一、总则 > 第三条";
    expect(escapeMarkdown(plain)).toBe(plain);
  });
});

describe("DingTalk message parts", () => {
  it("keeps a message without buttons in markdown messages of at most 3,000 characters, nothing lost, in order", () => {
    const paragraphs = Array.from(
      { length: 60 },
      (_, i) => `第 ${i + 1} 段：${"医务人员不得收受回扣。".repeat(12)}`,
    );
    const message: OutMessage = {
      sections: [
        { kind: "title", text: "🚫 禁止" },
        ...paragraphs.map((text) => ({ kind: "text" as const, text })),
        { kind: "quote", text: "不得宴请。\n".repeat(800) },
      ],
    };
    const parts = renderParts(message);
    expect(parts.length).toBeGreaterThan(3);
    for (const part of parts) {
      expect(part.kind).toBe("markdown");
      expect(chars(textOf(part))).toBeLessThanOrEqual(DINGTALK_LIMITS.markdownChars);
      expect(part.title).toBe("🚫 禁止");
    }
    const all = parts.map((p) => unescapeMarkdown(textOf(p))).join("\n");
    for (const p of paragraphs) expect(all).toContain(p);
    expect(all.indexOf("第 1 段")).toBeLessThan(all.indexOf("第 60 段"));
    expect(all.match(/不得宴请。/g)).toHaveLength(800);
  });

  it("puts the buttons on one card under the end of the message, within 1 KB per card value", () => {
    const message: OutMessage = {
      sections: [
        { kind: "title", text: "典型案例通报：某医院医生收受回扣问题" },
        { kind: "text", text: "基本案情：".concat("李某利用处方权收受回扣共计8万元。".repeat(40)) },
        { kind: "note", text: "通报编号 12 · 请点击已阅并知晓" },
      ],
      buttons: [
        [{ label: "相关条款", data: "case:clauses:12" }],
        [{ label: "已阅并知晓", data: "case:ack:12" }],
      ],
    };
    const parts = renderParts(message);
    const cards = parts.filter((p) => p.kind === "card");
    expect(cards).toHaveLength(1);
    expect(parts.at(-1)).toBe(cards[0]);
    const card = cards[0] as Extract<DingTalkPart, { kind: "card" }>;
    expect(bytes(card.markdown)).toBeLessThanOrEqual(DINGTALK_LIMITS.cardValueBytes);
    expect(bytes(buttonsJson(card.buttons))).toBeLessThanOrEqual(DINGTALK_LIMITS.cardValueBytes);
    expect(card.buttons.map((b) => [b.text, b.params.data, b.request])).toEqual([
      ["相关条款", "case:clauses:12", true],
      ["已阅并知晓", "case:ack:12", true],
    ]);
    expect(unescapeMarkdown(card.markdown)).toContain("通报编号 12");
    const all = parts.map((p) => unescapeMarkdown(textOf(p))).join("");
    expect(all.match(/李某利用处方权收受回扣共计8万元。/g)).toHaveLength(40);
  });

  it("turns a folded clause into its 全文 button: markdown cannot fold, the clause is one press away", () => {
    const parts = renderParts({
      sections: [
        { kind: "title", text: "🚫 禁止" },
        { kind: "text", text: "不可以。" },
        {
          kind: "collapsed",
          label: "[1] 全文",
          text: "(九)医疗卫生人员索取或收受患者及其亲友的现金。",
          open: { label: "全文 1", data: "full:7:1" },
        },
      ],
      buttons: [[{ label: "👍", data: "fb:7:up" }]],
    });
    const all = parts.map((p) => unescapeMarkdown(textOf(p))).join("");
    expect(all).toContain("不可以。");
    expect(all).not.toContain("索取或收受患者");
    const card = parts.at(-1) as Extract<DingTalkPart, { kind: "card" }>;
    expect(card.buttons.map((b) => b.params.data)).toEqual(["full:7:1", "fb:7:up"]);
  });

  it("sends a short message with buttons as one card, and spreads many buttons over cards", () => {
    const one = renderParts({
      sections: [{ kind: "text", text: "第 1 题：药代请吃饭，你应该？" }],
      buttons: [["A", "B", "C", "D"].map((l, i) => ({ label: l, data: `qz:1:${i}` }))],
    });
    expect(one.map((p) => p.kind)).toEqual(["card"]);
    const many = renderParts({
      sections: [{ kind: "text", text: "审核" }],
      buttons: Array.from({ length: 30 }, (_, i) => [
        { label: `批准第 ${i + 1} 题（较长的按钮文字会被截断）`, data: `qz:approve:${1000 + i}` },
      ]),
    });
    const buttons = many.flatMap((p) => (p.kind === "card" ? p.buttons : []));
    expect(buttons.map((b) => b.params.data)).toEqual(
      Array.from({ length: 30 }, (_, i) => `qz:approve:${1000 + i}`),
    );
    for (const p of many) {
      if (p.kind !== "card") continue;
      expect(bytes(buttonsJson(p.buttons))).toBeLessThanOrEqual(DINGTALK_LIMITS.cardValueBytes);
      for (const b of p.buttons)
        expect(chars(b.text)).toBeLessThanOrEqual(DINGTALK_LIMITS.buttonLabelChars);
    }
  });

  it("cuts a sentence longer than a card between characters, never inside an emoji", () => {
    const long = "🚫禁止收受红包".repeat(400);
    const parts = renderParts({
      sections: [{ kind: "text", text: long }],
      buttons: [[{ label: "👍", data: "fb:u:1" }]],
    });
    for (const p of parts) {
      const limit = p.kind === "card" ? DINGTALK_LIMITS.cardValueBytes : Number.POSITIVE_INFINITY;
      expect(bytes(textOf(p))).toBeLessThanOrEqual(limit);
      expect(textOf(p)).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    }
    expect(parts.map((p) => unescapeMarkdown(textOf(p))).join("")).toBe(long);
  });
});
