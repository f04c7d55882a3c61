import { describe, expect, it } from "vitest";
import { escapeHtml, renderHtml } from "../../../../bot/platforms/telegram/render-html.js";

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
});
