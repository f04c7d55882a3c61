import type { IngestReport } from "../../../../../ingest/ingest-paths.js";
import type { StoredDocument } from "../../../../../knowledge/types.js";
import { idParam, readForm } from "../form.js";
import { type Html, html } from "../html.js";
import { csrfField } from "../layout.js";
import type { ConsoleApp, ConsoleContext, ConsoleWebDeps } from "../page.js";
import { page } from "../page.js";
import { type Words, words } from "../words.js";

const ACCEPT = ".docx,.pdf,.txt,.html,.htm,.md";
/** Documents per page of the library: a thousand rows would be a megabyte of HTML. */
const PAGE_SIZE = 100;

/**
 * Documents: upload (docx, pdf, txt, html, md) with each file's outcome or
 * error as `qingfeng ingest` reports it, the library with editions and
 * clause counts, a document's clauses by section, and removal.
 */
export function documentPages(app: ConsoleApp, deps: ConsoleWebDeps): void {
  const { documents } = deps;

  app.get("/documents", async (c) => {
    const w = words(c.get("lang"));
    const list = await documents.list();
    const editions = new Map<string, number>();
    for (const d of list) editions.set(d.title, (editions.get(d.title) ?? 0) + 1);
    const pages = Math.max(1, Math.ceil(list.length / PAGE_SIZE));
    const n = Math.min(pages, Math.max(1, Number(c.req.query("page")) || 1));
    const shown = list.slice((n - 1) * PAGE_SIZE, n * PAGE_SIZE);
    const body = html`
${uploadForm(c, w)}
<section aria-labelledby="lib-h"><h2 id="lib-h">${w("文件库", "Library")}</h2>
<p class="muted">${w(`${list.length} 份制度文件`, `${list.length} documents`)}${pages > 1 ? w(`，第 ${n}/${pages} 页`, `, page ${n} of ${pages}`) : ""}</p>
${pager(n, pages, w)}
<div class="scroll"><table id="documents"><thead><tr>
<th scope="col">${w("标题", "Title")}</th><th scope="col">${w("发文机关", "Issuer")}</th><th scope="col">${w("年份", "Year")}</th><th scope="col">${w("版本数", "Editions")}</th><th scope="col">${w("条款数", "Clauses")}</th><th scope="col">${w("来源文件", "Source file")}</th><th scope="col"><span class="muted">${w("操作", "Action")}</span></th>
</tr></thead><tbody>${shown.map((d) => documentRow(c, d, editions.get(d.title) ?? 1, w))}</tbody></table></div>
${pager(n, pages, w)}</section>`;
    return c.html(page(c, w("制度文件", "Documents"), body).value);
  });

  app.post("/documents/upload", async (c) => {
    const w = words(c.get("lang"));
    const f = await readForm(c);
    const files = await Promise.all(
      f.files("files").map(async (file) => ({
        name: file.name,
        bytes: new Uint8Array(await file.arrayBuffer()),
      })),
    );
    const report = await documents.upload(files);
    const result = uploadResult(report, w);
    if (c.req.header("hx-request")) return c.html(result.value);
    return c.html(
      page(
        c,
        w("上传结果", "Upload result"),
        html`${result}<p><a href="/admin/documents">${w("返回文件库", "Back to the library")}</a></p>`,
      ).value,
    );
  });

  app.post("/documents/remove", async (c) => {
    const f = await readForm(c);
    await documents.remove(f.str("source"));
    return c.redirect("/admin/documents", 303);
  });

  app.get("/documents/:id", async (c) => {
    const w = words(c.get("lang"));
    const id = idParam(c);
    const doc = (await documents.list()).find((d) => d.id === id);
    if (!doc) return c.notFound();
    const clauses = await documents.clauses(id);
    const sections = new Map<string, typeof clauses>();
    for (const cl of clauses) sections.set(cl.section, [...(sections.get(cl.section) ?? []), cl]);
    const body = html`
<p class="muted">${[doc.issuer, doc.docNumber, doc.year].filter(Boolean).join(" · ")} · ${w(`${clauses.length} 条条款`, `${clauses.length} clauses`)} · ${doc.source}</p>
${[...sections].map(
  ([section, list]) => html`<section><h2>${section || w("（无章节）", "(no section)")}</h2>
<ol class="clauses">${list.map((cl) => html`<li id="clause-${cl.chunkId}"><span class="muted">#${cl.chunkId}${cl.label ? ` ${cl.label}` : ""}</span> <span class="clause">${cl.text}</span></li>`)}</ol></section>`,
)}
<p><a href="/admin/documents">${w("返回文件库", "Back to the library")}</a></p>`;
    return c.html(page(c, doc.title, body).value);
  });
}

function pager(n: number, pages: number, w: Words): Html {
  if (pages <= 1) return html``;
  return html`<nav aria-label="${w("分页", "Pages")}" class="row">${n > 1 ? html`<a href="/admin/documents?page=${n - 1}" rel="prev">${w("上一页", "Previous")}</a>` : ""} ${n < pages ? html`<a href="/admin/documents?page=${n + 1}" rel="next">${w("下一页", "Next")}</a>` : ""}</nav>`;
}

function uploadForm(c: ConsoleContext, w: Words): Html {
  return html`<section aria-labelledby="up-h"><h2 id="up-h">${w("上传制度文件", "Upload documents")}</h2>
<form method="post" action="/admin/documents/upload" enctype="multipart/form-data"
  hx-post="/admin/documents/upload" hx-encoding="multipart/form-data" hx-target="#upload-result">
${csrfField(c.get("session").csrf)}
<label for="files">${w("文件（docx、pdf、txt、html、md，可多选）", "Files (docx, pdf, txt, html, md; several at once)")}</label>
<input type="file" id="files" name="files" multiple required accept="${ACCEPT}">
<p><button type="submit">${w("上传并导入", "Upload and ingest")}</button></p>
<label for="upload-progress">${w("上传进度", "Upload progress")}</label>
<progress id="upload-progress" value="0" max="100"></progress>
</form>
<div id="upload-result" aria-live="polite"></div></section>`;
}

function documentRow(c: ConsoleContext, d: StoredDocument, editions: number, w: Words): Html {
  return html`<tr><td><a href="/admin/documents/${d.id}">${d.title}</a></td><td>${d.issuer ?? ""}</td><td>${d.year ?? ""}</td><td>${editions}</td><td>${d.chunkCount}</td><td class="muted">${d.source}</td>
<td><form method="post" action="/admin/documents/remove">${csrfField(c.get("session").csrf)}<input type="hidden" name="source" value="${d.source}"><button type="submit" class="danger" aria-label="${w(`删除 ${d.title}`, `Remove ${d.title}`)}">${w("删除", "Remove")}</button></form></td></tr>`;
}

/** Each file's outcome, errors with their code and fix hint, as the CLI prints them. */
function uploadResult(report: IngestReport, w: Words): Html {
  return html`<div class="upload-report" role="status">
<ul>${report.files.map((f) =>
    f.status === "failed"
      ? html`<li class="error">✗ ${f.error?.message ?? f.file} [${f.error?.code ?? "ERROR"}]${f.error?.hint ? html`<br>→ ${f.error.hint}` : ""}</li>`
      : html`<li class="ok">${f.status === "unchanged" ? "=" : "✓"} ${baseName(f.file)}: ${f.status}${f.status === "unchanged" ? "" : w(`，${f.documents} 份文件，${f.chunks} 条条款`, `, ${f.documents} documents, ${f.chunks} clauses`)}</li>`,
  )}</ul>
<p>${w(`共导入 ${report.documents} 份文件、${report.chunks} 条条款；错误 ${report.errors.length} 个。`, `Documents: ${report.documents}, clauses: ${report.chunks}, errors: ${report.errors.length}`)}</p></div>`;
}

function baseName(path: string): string {
  return path.split(/[\\/]/).at(-1) ?? path;
}
