import type { Citation } from "../../../knowledge/answer/answer-types.js";
import type { Lang } from "../../kernel/i18n.js";

/** Longest article name on a one-line reference; the full path is under 全文. */
const ARTICLE_CHARS = 40;

/**
 * The article a clause stands under, short: the last heading of its path —
 * with the heading above it when the last one is only a number ("一、整治内容
 * (八)") — and never the document's own title (a task table's rows carry it).
 */
export function articleOf(section: string, title: string): string {
  const path = section
    .split(" > ")
    .map((p) => p.trim())
    .filter((p) => p !== "" && p !== title);
  const last = path.at(-1);
  if (last === undefined) return "";
  const han = last.match(/\p{Script=Han}/gu)?.length ?? 0;
  const parent = path.at(-2);
  const article = han < 4 && parent !== undefined ? `${parent} ${last}` : last;
  return Array.from(article).length > ARTICLE_CHARS
    ? `${Array.from(article)
        .slice(0, ARTICLE_CHARS - 1)
        .join("")}…`
    : article;
}

/**
 * "[2] 《文件》 · 2021 · 7 全面构建…：“严禁收受…”": a clause in one line —
 * document, year, article, and for a clause cited beside the decisive one the
 * phrase it rules on the asked conduct with (a title alone can read off-topic:
 * a news article on 直播带货 that also rules on 集采中选 products).
 */
export function referenceLine(citation: Citation, n: number, lang: Lang): string {
  const article =
    articleOf(citation.section, citation.title) || (lang === "en" ? "main text" : "正文");
  const line = [`[${n}] 《${citation.title}》`, citation.year ? `${citation.year}` : "", article]
    .filter(Boolean)
    .join(" · ");
  if (!citation.ruling) return line;
  return lang === "en" ? `${line}: "${citation.ruling}"` : `${line}：“${citation.ruling}”`;
}

/**
 * A clause in full for its 全文: where it stands (document, year, issuer,
 * whole section path), its text, and the other documents carrying it.
 */
export function fullClauseText(citation: Citation, lang: Lang): string {
  const scan = citation.scan
    ? lang === "en"
      ? "scanned text, may contain errors"
      : "扫描件，可能有错字"
    : "";
  const where = [
    `《${citation.title}》`,
    citation.year ? `${citation.year}` : "",
    citation.issuer ?? "",
    scan,
  ]
    .filter(Boolean)
    .join(" · ");
  // A task table's rows carry the table's title first: it is named just above.
  const path = citation.section
    .split(" > ")
    .filter((p) => p.trim() !== citation.title)
    .join(" > ");
  const lines = [where, path || (lang === "en" ? "main text" : "正文"), citation.fullText];
  if (citation.alsoIn.length > 0) {
    // Other documents that carry the same rule: the edition story on every surface.
    const others = citation.alsoIn.map((a) => `《${a.title}》${a.year ? `（${a.year}）` : ""}`);
    lines.push(`${lang === "en" ? "Also in" : "另见"}：${others.join("、")}`);
  }
  return lines.join("\n");
}
