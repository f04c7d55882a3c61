import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** htmx from node_modules (no CDN: the console works offline), read once. */
let htmx: string | undefined;
export function htmxScript(): string {
  htmx ??= readFileSync(require.resolve("htmx.org/dist/htmx.min.js"), "utf8");
  return htmx;
}

/** Upload progress and polling hints: the only script of our own (CSP allows 'self' scripts only). */
export const CONSOLE_JS = `
document.addEventListener("htmx:xhr:progress", function (e) {
  var bar = document.getElementById("upload-progress");
  if (bar && e.detail.lengthComputable) { bar.max = e.detail.total; bar.value = e.detail.loaded; }
});
`;

/** Mobile first: one column on a phone, the nav wrapping, tables scrolling sideways. */
export const CONSOLE_CSS = `
:root { --fg:#1b1f23; --muted:#5b6570; --line:#d0d7de; --accent:#0b6e4f; --warn:#b42318; --bg:#fff; --soft:#f4f6f8; }
* { box-sizing: border-box; }
body { margin:0; font: 16px/1.55 "Noto Sans CJK SC","Noto Sans SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif; color:var(--fg); background:var(--bg); }
.skip { position:absolute; left:-999px; } .skip:focus { left:8px; top:8px; background:#fff; padding:4px; }
header.top { display:flex; flex-wrap:wrap; gap:8px 16px; align-items:center; padding:8px 16px; border-bottom:1px solid var(--line); background:var(--soft); }
.brand { font-weight:700; color:var(--accent); }
nav ul { display:flex; flex-wrap:wrap; gap:4px 12px; list-style:none; margin:0; padding:0; }
nav a { text-decoration:none; color:var(--fg); padding:2px 4px; border-radius:4px; }
nav a[aria-current=page] { background:var(--accent); color:#fff; }
.tools { margin-left:auto; display:flex; gap:12px; align-items:center; }
main { padding:12px 16px 48px; max-width:1100px; }
h1 { font-size:1.4rem; margin:8px 0 16px; } h2 { font-size:1.15rem; margin:24px 0 8px; }
a:focus, button:focus, input:focus, select:focus, textarea:focus { outline:3px solid #f5a524; outline-offset:1px; }
form.inline { display:inline; }
label { display:block; font-weight:600; margin:10px 0 4px; }
input[type=text], input[type=password], input[type=search], input[type=number], input[type=date], input[type=datetime-local], select, textarea { width:100%; max-width:560px; padding:6px 8px; border:1px solid var(--line); border-radius:4px; font:inherit; }
textarea { min-height:7em; }
button, .button { font:inherit; padding:6px 14px; border:1px solid var(--accent); background:var(--accent); color:#fff; border-radius:4px; cursor:pointer; text-decoration:none; display:inline-block; }
button.secondary { background:#fff; color:var(--accent); }
button.danger { background:var(--warn); border-color:var(--warn); }
.row { display:flex; flex-wrap:wrap; gap:8px 16px; align-items:flex-end; }
.row > div { min-width:140px; }
.cards { display:grid; grid-template-columns:repeat(auto-fit,minmax(150px,1fr)); gap:12px; }
.card { border:1px solid var(--line); border-radius:6px; padding:10px 12px; }
.card .n { font-size:1.6rem; font-weight:700; }
.grid2 { display:grid; grid-template-columns:repeat(auto-fit,minmax(320px,1fr)); gap:16px; }
.scroll { overflow-x:auto; }
table { border-collapse:collapse; width:100%; font-size:.95rem; }
th, td { text-align:left; padding:6px 8px; border-bottom:1px solid var(--line); vertical-align:top; }
figure.chart { margin:0; }
figure.chart svg { width:100%; max-width:560px; height:auto; }
figcaption { font-weight:600; margin-bottom:4px; }
.bar { fill:var(--accent); } .bar-low { fill:#d97706; } .target { stroke:var(--warn); stroke-width:2; stroke-dasharray:4 3; }
.chart-label, .chart-value { font-size:14px; fill:var(--fg); }
.chart-data { margin-top:6px; font-size:.85rem; }
.muted { color:var(--muted); } .error { color:var(--warn); } .ok { color:var(--accent); }
.flash { padding:8px 12px; border-radius:4px; background:#ecfdf3; border:1px solid #abefc6; margin-bottom:12px; }
.flash.error { background:#fef3f2; border-color:#fecdca; }
.clause { white-space:pre-wrap; }
.preview { border:1px solid var(--line); border-radius:6px; padding:8px 12px; white-space:pre-wrap; background:var(--soft); }
progress { width:100%; max-width:560px; }
@media (max-width:600px) { main { padding:8px 10px 40px; } .tools { margin-left:0; } th, td { padding:4px; } }
`;
