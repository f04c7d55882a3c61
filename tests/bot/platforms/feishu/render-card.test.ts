import { describe, expect, it } from "vitest";
import type { OutMessage } from "../../../../bot/kernel/out-message.js";
import { escapeCardMarkdown } from "../../../../bot/platforms/feishu/card-markdown.js";
import { FEISHU_CARD_LIMITS, renderCards } from "../../../../bot/platforms/feishu/render-card.js";
import { decodeEntities } from "../../../helpers/fake-feishu/card-reading.js";
import { cardButtons, cardTexts } from "../../../helpers/fake-feishu/index.js";

const bytes = (card: unknown) => Buffer.byteLength(JSON.stringify(card));

describe("Feishu interactive cards", () => {
  it("renders a verdict header, escaped markdown, plain notes and buttons carrying their data", () => {
    const [card, ...rest] = renderCards({
      sections: [
        { kind: "title", text: "🚫 禁止" },
        { kind: "text", text: "不可以。" },
        { kind: "note", text: "[1] 《关于印发医疗机构工作人员廉洁从业九项准则的通知》 · 2021" },
        { kind: "quote", text: "严禁收受回扣。\n严禁接受宴请。" },
      ],
      buttons: [[{ label: "👍", data: "fb:u:7" }], [{ label: "全文 [1]", data: "full:7:1" }]],
    });
    expect(rest).toEqual([]);
    expect(card?.header).toEqual({
      title: { tag: "plain_text", content: "🚫 禁止" },
      template: "red",
    });
    expect(card?.elements.map((e) => e.tag)).toEqual([
      "markdown",
      "note",
      "markdown",
      "action",
      "action",
    ]);
    expect(cardTexts(card ?? {})).toEqual([
      "🚫 禁止",
      "不可以。",
      "[1] 《关于印发医疗机构工作人员廉洁从业九项准则的通知》 · 2021",
      "┃ 严禁收受回扣。\n┃ 严禁接受宴请。",
    ]);
    expect(cardButtons(card ?? {})).toEqual([
      { label: "👍", data: "fb:u:7" },
      { label: "全文 [1]", data: "full:7:1" },
    ]);
  });

  it("turns a folded clause into its 全文 button, first under the answer", () => {
    const [card] = renderCards({
      sections: [
        { kind: "text", text: "不可以。" },
        {
          kind: "collapsed",
          label: "[1] 全文",
          text: "(九)医疗卫生人员索取或收受患者及其亲友的现金。",
          open: { label: "全文 1", data: "full:7:1" },
        },
      ],
      buttons: [[{ label: "👍", data: "fb:u:7" }]],
    });
    expect(cardTexts(card ?? {}).join("")).not.toContain("索取或收受患者");
    expect(cardButtons(card ?? {})).toEqual([
      { label: "全文 1", data: "full:7:1" },
      { label: "👍", data: "fb:u:7" },
    ]);
  });

  it("escapes every character card markdown would act on, and reads back as written", () => {
    const hostile =
      "**粗** _斜_ ~~删~~ `码` [链接](https://evil.example) <at id=all></at> :OK: # 标题\n1. 列表\n- 项 | 表 & $公式$ {x} \\ !";
    const escaped = escapeCardMarkdown(hostile);
    // Outside its character references, nothing markdown reads is left.
    expect(escaped.replace(/&#\d+;/g, "")).not.toMatch(/[*_~`[\]()<>#|$&{}\\!:]/);
    expect(escaped).not.toMatch(/^\d+\./m);
    expect(escaped).not.toMatch(/^-/m);
    expect(decodeEntities(escaped)).toBe(hostile);
    const [card] = renderCards({ sections: [{ kind: "text", text: hostile }] });
    expect(cardTexts(card ?? {})).toEqual([hostile]);
  });

  it("splits a long answer over several cards under 30 KB, cut at sentence ends, buttons on the last", () => {
    const sentence =
      "医务人员不得收受患者及其亲友的礼品、礼金、消费卡和有价证券、股权、其他金融产品等财物。";
    const message: OutMessage = {
      sections: [
        { kind: "title", text: "ℹ️ 说明" },
        ...Array.from({ length: 40 }, () => ({
          kind: "quote" as const,
          text: sentence.repeat(30),
        })),
      ],
      buttons: [
        [
          { label: "👍", data: "fb:u:1" },
          { label: "👎", data: "fb:d:1" },
        ],
      ],
    };
    const cards = renderCards(message);
    expect(cards.length).toBeGreaterThan(1);
    for (const card of cards) {
      expect(bytes(card)).toBeLessThanOrEqual(FEISHU_CARD_LIMITS.cardBytes);
      expect(card.elements.length).toBeLessThanOrEqual(FEISHU_CARD_LIMITS.elements);
    }
    expect(cards[0]?.header?.title.content).toBe("ℹ️ 说明");
    expect(cards.slice(1).every((c) => c.header === undefined)).toBe(true);
    expect(cards.slice(0, -1).every((c) => cardButtons(c).length === 0)).toBe(true);
    expect(cardButtons(cards.at(-1) ?? {})).toHaveLength(2);
    const quoted = cards.flatMap((c) => cardTexts(c)).filter((t) => t.startsWith("┃ "));
    for (const piece of quoted) expect(piece.endsWith("。")).toBe(true);
    expect(quoted.map((t) => t.slice(2)).join("")).toBe(sentence.repeat(30 * 40));
  });

  it("cuts a sentence longer than a whole element between characters, losing nothing", () => {
    const run = "回".repeat(10_000);
    const cards = renderCards({ sections: [{ kind: "text", text: run }] });
    const pieces = cards.flatMap((c) => c.elements).map((e) => ("content" in e ? e.content : ""));
    expect(pieces.length).toBeGreaterThan(3);
    for (const p of pieces) expect(p.length).toBeLessThanOrEqual(FEISHU_CARD_LIMITS.pieceChars);
    expect(pieces.join("")).toBe(run);
  });

  it("keeps a long title out of the header, as bold markdown", () => {
    const title = `典型案例通报：${"某".repeat(120)}`;
    const [card] = renderCards({ sections: [{ kind: "title", text: title }] });
    expect(card?.header).toBeUndefined();
    expect(card?.elements[0]).toEqual({ tag: "markdown", content: `**${title}**` });
  });
});
