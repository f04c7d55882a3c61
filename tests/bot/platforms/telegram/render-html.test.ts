import { describe, expect, it } from "vitest";
import { escapeHtml, renderHtml } from "../../../../bot/platforms/telegram/render-html.js";
import { telegramHtmlProblem } from "../../../helpers/telegram-html-check.js";

describe("renderHtml", () => {
  it("escapes user and document text and maps sections to HTML tags", () => {
    const [html] = renderHtml({
      sections: [
        { kind: "title", text: "🚫 禁止" },
        { kind: "text", text: "问：<b>可以</b> & 吗？" },
        { kind: "quote", text: "条款 <script> & “引用”" },
        { kind: "note", text: "[1] 《文件》" },
      ],
    });
    expect(html).toBe(
      "<b>🚫 禁止</b>\n\n问：&lt;b&gt;可以&lt;/b&gt; &amp; 吗？\n\n<blockquote>条款 &lt;script&gt; &amp; “引用”</blockquote>\n\n<i>[1] 《文件》</i>",
    );
  });

  it("splits a 5,000-character answer into parts within 4096 characters, never inside a tag or entity", () => {
    const long = "医务人员不得收受回扣&红包。".repeat(400);
    const parts = renderHtml({
      sections: [
        { kind: "title", text: "🚫 禁止" },
        { kind: "quote", text: long },
      ],
    });
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(4096);
      expect(part.match(/<blockquote>/g)?.length ?? 0).toBe(
        part.match(/<\/blockquote>/g)?.length ?? 0,
      );
      expect(part).not.toMatch(/&(a|am|amp)?$/);
    }
    const text = parts.join("").replace(/<\/?[a-z]+>/g, "");
    expect(text).toContain(escapeHtml(long).slice(0, 200));
    expect(text.length).toBeGreaterThanOrEqual(escapeHtml(long).length);
  });

  it("folds a collapsed section in an expandable blockquote, label bold, all escaped, no button", () => {
    const [html, ...rest] = renderHtml({
      sections: [
        { kind: "title", text: "🚫 禁止" },
        { kind: "quote", text: "不得收受" },
        {
          kind: "collapsed",
          label: "全文 [1] <&>",
          text: "第三条 <b>不得</b> & 收受。",
          open: { label: "全文 [1]", data: "full:1:1" },
        },
      ],
    });
    expect(rest).toHaveLength(0);
    expect(html).toBe(
      "<b>🚫 禁止</b>\n\n<blockquote>不得收受</blockquote>\n\n<blockquote expandable><b>全文 [1] &lt;&amp;&gt;</b>\n第三条 &lt;b&gt;不得&lt;/b&gt; &amp; 收受。</blockquote>",
    );
    expect(telegramHtmlProblem(html ?? "")).toBeUndefined();
  });

  it("cuts a folded clause longer than a message into folded parts Telegram accepts", () => {
    const clause = "医务人员不得收受回扣&红包。".repeat(500);
    const parts = renderHtml({
      sections: [
        { kind: "text", text: "不可以。" },
        {
          kind: "collapsed",
          label: "全文 [1]",
          text: clause,
          open: { label: "全文 [1]", data: "x" },
        },
      ],
    });
    expect(parts.length).toBeGreaterThan(2);
    expect(parts[0]?.startsWith("不可以。")).toBe(true);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(4096);
      expect(telegramHtmlProblem(part)).toBeUndefined();
    }
    for (const part of parts.slice(1))
      expect(part.startsWith("<blockquote expandable>")).toBe(true);
    const text = parts
      .join("")
      .replace(/<b>全文 \[1\]<\/b>\n/g, "")
      .replace(/<[^>]+>/g, "")
      .replace(/\n/g, "");
    expect(text).toBe(`不可以。${escapeHtml(clause)}`);
  });
});

describe("the Bot API's HTML check (what the fake refuses)", () => {
  it("refuses what Telegram refuses and accepts what it accepts", () => {
    expect(telegramHtmlProblem("<b>a</b> &amp; <i>b</i>")).toBeUndefined();
    expect(telegramHtmlProblem("<blockquote expandable>x</blockquote>")).toBeUndefined();
    expect(telegramHtmlProblem("a < b")).toMatch(/unexpected "<"/);
    expect(telegramHtmlProblem("a & b")).toMatch(/bare "&"/);
    expect(telegramHtmlProblem("<script>x</script>")).toMatch(/unsupported start tag/);
    expect(telegramHtmlProblem("<b><i>x</b></i>")).toMatch(/unmatched end tag/);
    expect(telegramHtmlProblem("<blockquote><blockquote>x</blockquote></blockquote>")).toMatch(
      /nested/,
    );
    expect(telegramHtmlProblem("<b>x")).toMatch(/end tag/);
    expect(telegramHtmlProblem("回".repeat(4096))).toBeUndefined();
    expect(telegramHtmlProblem(`<b>${"&amp;".repeat(4096)}</b>`)).toBeUndefined();
    expect(telegramHtmlProblem("回".repeat(4097))).toBe("message is too long");
  });
});
