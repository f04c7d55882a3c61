import type { Lang } from "../../../kernel/i18n.js";
import { type Html, html } from "./html.js";
import { words } from "./words.js";

export const BASE = "/admin";

const NAV: { path: string; zh: string; en: string }[] = [
  { path: "", zh: "概览", en: "Overview" },
  { path: "/answers", zh: "问答", en: "Answers" },
  { path: "/documents", zh: "制度文件", en: "Documents" },
  { path: "/notices", zh: "案例通报", en: "Case notices" },
  { path: "/quiz", zh: "题库", en: "Quiz bank" },
  { path: "/campaigns", zh: "培训任务", en: "Campaigns" },
  { path: "/roster", zh: "人员名册", en: "Roster" },
];

export interface PageFrame {
  lang: Lang;
  title: string;
  /** Present when signed in: the nav, the sign-out form and the CSRF header for htmx. */
  signedIn?: { who: string; csrf: string; path: string } | undefined;
}

/** The page around every view: head with local assets only, nav, language switch. */
export function layout(frame: PageFrame, body: Html): Html {
  const w = words(frame.lang);
  const s = frame.signedIn;
  const other = frame.lang === "en" ? "zh" : "en";
  const back = s?.path ?? `${BASE}/signin`;
  return html`<!doctype html>
<html lang="${frame.lang === "en" ? "en" : "zh-CN"}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="htmx-config" content='{"includeIndicatorStyles":false,"allowEval":false}'>
<title>${frame.title} · ${w("清风管理控制台", "Qingfeng console")}</title>
<link rel="stylesheet" href="${BASE}/assets/console.css">
<script src="${BASE}/assets/htmx.min.js" defer></script>
<script src="${BASE}/assets/console.js" defer></script>
</head>
<body${s ? html` hx-headers='{"X-CSRF-Token":"${s.csrf}"}'` : ""}>
<a class="skip" href="#main">${w("跳到正文", "Skip to content")}</a>
<header class="top">
  <span class="brand">清风 · ${w("管理控制台", "Admin console")}</span>
  ${
    s
      ? html`<nav aria-label="${w("主导航", "Main")}"><ul>${NAV.map(
          (n) =>
            html`<li><a href="${BASE}${n.path}"${isCurrent(s.path, n.path) ? html` aria-current="page"` : ""}>${frame.lang === "en" ? n.en : n.zh}</a></li>`,
        )}</ul></nav>`
      : ""
  }
  <div class="tools">
    <a href="${BASE}/lang?to=${other}&amp;back=${encodeURIComponent(back)}" lang="${other === "en" ? "en" : "zh-CN"}">${other === "en" ? "English" : "中文"}</a>
    ${
      s
        ? html`<form method="post" action="${BASE}/signout" class="inline"><input type="hidden" name="csrf" value="${s.csrf}"><button type="submit">${w("退出", "Sign out")}</button></form>`
        : ""
    }
  </div>
</header>
<main id="main">
<h1>${frame.title}</h1>
${body}
</main>
</body>
</html>`;
}

function isCurrent(path: string, nav: string): boolean {
  const rest = path.slice(BASE.length);
  return nav === "" ? rest === "" || rest === "/" : rest.startsWith(nav);
}

/** The CSRF field every state-changing form carries. */
export function csrfField(csrf: string): Html {
  return html`<input type="hidden" name="csrf" value="${csrf}">`;
}
