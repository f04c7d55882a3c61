import { describe, expect, it } from "vitest";
import { renderBlocks, type SlackMessage } from "../../../../bot/platforms/slack/render-blocks.js";
import {
  escapeMrkdwn,
  fromSlackText,
  stripMention,
} from "../../../../bot/platforms/slack/slack-text.js";
import { parseSlashText } from "../../../../bot/platforms/slack/slash-command.js";
import { slackBlocksProblem } from "../../../helpers/slack-block-check.js";

/** Every mrkdwn/plain text of the blocks, in order. */
function texts(messages: SlackMessage[]): string[] {
  return messages.flatMap((m) =>
    m.blocks.flatMap((b) => {
      if (b.type === "header" || b.type === "section") return b.text ? [b.text.text] : [];
      if (b.type === "context") return b.elements.flatMap((e) => ("text" in e ? [e.text] : []));
      return [];
    }),
  );
}

describe("renderBlocks", () => {
  it("renders title, text, quote and note as header, section, quoted section and context", () => {
    const [message, ...rest] = renderBlocks({
      sections: [
        { kind: "title", text: "⚠️ 有条件" },
        { kind: "text", text: "可以，但要登记。" },
        { kind: "note", text: "[1] 《规定》 · 2021\n第三条" },
        { kind: "quote", text: "第一行\n\n第三行" },
      ],
    });
    expect(rest).toHaveLength(0);
    expect(message?.blocks.map((b) => b.type)).toEqual(["header", "section", "context", "section"]);
    expect(texts(message ? [message] : [])).toEqual([
      "⚠️ 有条件",
      "可以，但要登记。",
      "[1] 《规定》 · 2021\n第三条",
      "> 第一行\n> \n> 第三行",
    ]);
    expect(message?.text).toContain("可以，但要登记。");
  });

  it("splits long text at sentence ends and never inside an escape", () => {
    const sentence = "医药代表不得以任何名义宴请医务人员。";
    const text = sentence.repeat(300);
    const parts = texts(renderBlocks({ sections: [{ kind: "text", text }] }));
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(3000);
      expect(p.endsWith("。")).toBe(true);
    }
    expect(parts.join("")).toBe(text);

    const amps = texts(renderBlocks({ sections: [{ kind: "quote", text: "&".repeat(2000) }] }));
    for (const p of amps) {
      expect(p.length).toBeLessThanOrEqual(3000);
      expect(p.replace(/^> /, "").replace(/&amp;/g, "")).toBe("");
    }
    expect(amps.join("").match(/&amp;/g)).toHaveLength(2000);
  });

  it("cuts an unpunctuated run between characters, keeping every one", () => {
    const run = "𠀀回".repeat(3500); // astral characters must not be cut in half
    const parts = texts(renderBlocks({ sections: [{ kind: "text", text: run }] }));
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(3000);
    expect(parts.join("")).toBe(run);
  });

  it("shows a title too long for a header as bold text", () => {
    const title = "标题".repeat(100);
    const [message] = renderBlocks({ sections: [{ kind: "title", text: title }] });
    expect(message?.blocks[0]).toEqual({
      type: "section",
      text: { type: "mrkdwn", text: `*${title}*` },
    });
  });

  it("puts up to 25 buttons in an actions block with unique action ids", () => {
    const buttons = [
      Array.from({ length: 30 }, (_, i) => ({ label: `全文 [${i}]`, data: "full:1:1" })),
    ];
    const messages = renderBlocks({ sections: [], buttons });
    expect(messages).toHaveLength(1);
    const actions = messages[0]?.blocks.filter((b) => b.type === "actions") ?? [];
    expect(actions.map((b) => (b.type === "actions" ? b.elements.length : 0))).toEqual([25, 5]);
    const ids = actions.flatMap((b) =>
      b.type === "actions" ? b.elements.map((e) => ("action_id" in e ? e.action_id : "")) : [],
    );
    expect(new Set(ids).size).toBe(30);
    expect(messages[0]?.text).toContain("全文 [0]");
  });

  it("shows a collapsed section as its button, above the message's own, and not its text", () => {
    const messages = renderBlocks({
      sections: [
        { kind: "text", text: "不可以。" },
        {
          kind: "collapsed",
          label: "全文 [1]",
          text: "第三条 全文内容 & 更多",
          open: { label: "全文 [1]", data: "full:9:1" },
        },
        {
          kind: "collapsed",
          label: "全文 [2]",
          text: "第四条",
          open: { label: "全文 [2]", data: "full:9:3" },
        },
      ],
      buttons: [[{ label: "👍", data: "fb:u:9" }]],
    });
    expect(messages).toHaveLength(1);
    const blocks = messages[0]?.blocks ?? [];
    expect(blocks.map((b) => b.type)).toEqual(["section", "actions", "actions"]);
    const values = blocks.map((b) =>
      b.type === "actions" ? b.elements.map((e) => ("value" in e ? e.value : "")) : [],
    );
    expect(values).toEqual([[], ["full:9:1", "full:9:3"], ["fb:u:9"]]);
    expect(JSON.stringify(messages)).not.toContain("全文内容");
    expect(slackBlocksProblem(blocks)).toBeUndefined();
  });

  it("moves the last sections to a new message when the buttons would not fit", () => {
    const sections = Array.from({ length: 50 }, (_, i) => ({
      kind: "text" as const,
      text: `${i}`,
    }));
    const messages = renderBlocks({ sections, buttons: [[{ label: "👍", data: "fb:u:1" }]] });
    expect(messages.map((m) => m.blocks.length)).toEqual([49, 2]);
    expect(messages[1]?.blocks.map((b) => b.type)).toEqual(["section", "actions"]);
    expect(renderBlocks({ sections: [{ kind: "text", text: "  " }] })).toEqual([]);
  });
});

describe("Slack text", () => {
  it("escapes only &, < and >", () => {
    expect(escapeMrkdwn("a & <b> *c*")).toBe("a &amp; &lt;b&gt; *c*");
  });

  it("turns wire text back into what the user typed", () => {
    expect(
      fromSlackText(
        "&lt;b&gt; &amp;lt; <@U1|ann> <#C1|ward> <https://x.org|link> <mailto:a@b.c> <!here>",
      ),
    ).toBe("<b> &lt; @ann #ward link a@b.c @here");
  });

  it("strips the bot's own mention only", () => {
    expect(stripMention("<@UBOT> 问题 <@U2>", "UBOT")).toBe("问题 <@U2>");
    expect(stripMention("<@UBOT|qingfeng>问题", "UBOT")).toBe("问题");
  });
});

describe("parseSlashText", () => {
  const known = new Set(["stats", "统计", "subscribe", "help"]);
  const parse = (text: string) => parseSlashText(text, (name) => known.has(name));
  it("maps known command names and Chinese labels to commands", () => {
    expect(parse("stats")).toMatchObject({ command: { name: "stats", args: "" } });
    expect(parse("STATS 30")).toMatchObject({ command: { name: "stats", args: "30" } });
    expect(parse("统计 7")).toMatchObject({ command: { name: "统计", args: "7" } });
    expect(parse("/subscribe 心内科 本部")).toMatchObject({
      command: { name: "subscribe", args: "心内科 本部" },
    });
    expect(parse("  ")).toEqual({ text: "", command: { name: "help", args: "" } });
  });

  it("treats anything else as a question", () => {
    expect(parse("药代请我吃饭可以吗？")).toEqual({ text: "药代请我吃饭可以吗？" });
    expect(parse("问一下：回扣怎么处理")).toEqual({ text: "问一下：回扣怎么处理" });
  });
});
