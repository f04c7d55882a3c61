import { describe, expect, it } from "vitest";
import { splitFrontMatter, toIsoDate } from "../../../ingest/loaders/front-matter.js";
import { htmlToText, looksLikeHtml } from "../../../ingest/loaders/html-to-text.js";

describe("htmlToText", () => {
  it("keeps article paragraphs and drops comments, styles, scripts and chrome", () => {
    const html = [
      "<html><head><title>页面标题</title><style>p{color:red}</style></head><body>",
      "<nav>首页 | 新闻</nav><header>网站头部</header>",
      '<div id="article">',
      "<h1>关于印发&ldquo;工作要点&rdquo;的通知</h1>",
      "<!-- 正文开始 -->",
      "<p>　　第一段：A&amp;B&nbsp;合作，&#123;编号&#x7D;。</p>",
      "<p>　　第二段\n   跨行继续。<br>换行后。</p>",
      "<script>document.write('广告')</script>",
      "<ul><li>条目一</li><li>条目二</li></ul>",
      "<table><tr><td>序号</td><td>重点任务</td></tr></table>",
      '<div class="share-bar">分享到微信</div>',
      '<div class="related_news">相关阅读</div>',
      '<p class="article-editor">责任编辑：张三</p>',
      "</div>",
      "<footer>版权所有</footer><aside>侧栏</aside><form>搜索</form>",
      "<iframe src='x'></iframe><noscript>请启用脚本</noscript>",
      "</body></html>",
    ].join("\n");
    const { text, title } = htmlToText(html);
    expect(title).toBe("页面标题");
    expect(text.split("\n")).toEqual([
      "关于印发“工作要点”的通知",
      "第一段：A&B 合作，{编号}。",
      "第二段 跨行继续。",
      "换行后。",
      "条目一",
      "条目二",
      "序号",
      "重点任务",
    ]);
  });

  it("keeps a content wrapper whose class merely contains a chrome word", () => {
    const html =
      '<div class="ql-editor"><p>第一条。</p><p>第二条。</p></div><div class="ad">广告</div>';
    expect(htmlToText(html).text).toBe("第一条。\n第二条。");
  });

  it("does not take words that only contain a chrome word for chrome", () => {
    const html = '<div class="header-title"><p>标题</p></div><div class="loading">正文</div>';
    expect(htmlToText(html).text).toBe("标题\n正文");
  });
});

describe("looksLikeHtml", () => {
  it("tells HTML pages from text that mentions a tag", () => {
    expect(looksLikeHtml("<div>\n<p>一</p>\n<p>二</p>")).toBe(true);
    expect(looksLikeHtml("<!DOCTYPE html><title>x</title>")).toBe(true);
    expect(looksLikeHtml("用 <p> 标签分段的说明。\n第二行")).toBe(false);
  });
});

describe("front matter", () => {
  it("reads title, date and author and returns the body", () => {
    const text =
      "\n---\ntitle: '九部门：严肃查处''直播带货'''\ncategories: \n - 金融\nauthor: 新浪财经\ncomments: false\ndate: Tue, 07 Jun 2022 07:07:02 GMT\n---\n\n<p>正文</p>";
    const { meta, body, found } = splitFrontMatter(text);
    expect(found).toBe(true);
    expect(meta).toEqual({
      title: "九部门：严肃查处'直播带货'",
      date: "2022-06-07",
      author: "新浪财经",
    });
    expect(body).toBe("\n<p>正文</p>");
  });

  it("leaves text without front matter alone", () => {
    const text = "一、总体要求\n---\n二、工作任务";
    expect(splitFrontMatter(text)).toEqual({ meta: {}, body: text, found: false });
  });

  it("normalises dates to ISO without shifting the written day", () => {
    expect(toIsoDate("Tue, 07 Jun 2022 07:07:02 GMT")).toBe("2022-06-07");
    expect(toIsoDate("Tue, 07 Jun 2022 01:00:00 +0800")).toBe("2022-06-07");
    expect(toIsoDate("2022-6-7 10:00")).toBe("2022-06-07");
    expect(toIsoDate("2023年5月10日")).toBe("2023-05-10");
    expect(toIsoDate("June 7, 2022")).toBe("2022-06-07");
    expect(toIsoDate("not a date")).toBeUndefined();
  });
});
