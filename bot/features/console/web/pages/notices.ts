import { collapsedAsButtons, type OutMessage } from "../../../../kernel/out-message.js";
import {
  CASES,
  type CaseFields,
  type CaseNotice,
  type CaseSystem,
  renderNotice,
  reportCsv,
} from "../../../cases/ports.js";
import { barChart } from "../charts.js";
import { type Form, idParam, readForm, splitList } from "../form.js";
import { type Html, html } from "../html.js";
import { csrfField } from "../layout.js";
import type { ConsoleApp, ConsoleContext, ConsoleWebDeps } from "../page.js";
import { page } from "../page.js";
import { pct, type Words, words } from "../words.js";

/** Platforms whose messages fold long text (the rest get a button per folded section). */
const FOLDING = new Set(["telegram"]);

/**
 * Case notices: write one with clause suggestions updating as the facts are
 * typed, preview it per platform, publish now or at a time to tags, watch
 * its delivery live, see acknowledgements per department (chart and CSV),
 * and pause, resume, cancel or correct it.
 */
export function noticePages(app: ConsoleApp, deps: ConsoleWebDeps): void {
  const cases = (): CaseSystem => deps.services.get(CASES);
  const by = (c: ConsoleContext) => `console ${c.get("session").who}`;

  app.get("/notices", async (c) => {
    const w = words(c.get("lang"));
    const list = await cases().service.list(100);
    const body = html`
<section aria-labelledby="list-h"><h2 id="list-h">${w("通报列表", "Notices")}</h2>
<div class="scroll"><table id="notices"><thead><tr><th scope="col">#</th><th scope="col">${w("标题", "Title")}</th><th scope="col">${w("状态", "Status")}</th><th scope="col">${w("发布时间", "Published")}</th></tr></thead>
<tbody>${list.map(
      (n) =>
        html`<tr><td>${n.id}</td><td><a href="/admin/notices/${n.id}">${n.title}</a>${n.correctsId ? html` <span class="muted">${w(`（更正 #${n.correctsId}）`, `(corrects #${n.correctsId})`)}</span>` : ""}</td><td>${n.status === "draft" ? w("草稿", "draft") : w("已发布", "published")}</td><td>${n.publishedAt?.slice(0, 16).replace("T", " ") ?? ""}</td></tr>`,
    )}</tbody></table></div></section>
<section aria-labelledby="new-h"><h2 id="new-h">${w("撰写通报", "Write a notice")}</h2>
${noticeForm(c, w, "/admin/notices", undefined)}</section>`;
    return c.html(page(c, w("案例通报", "Case notices"), body).value);
  });

  app.post("/notices/suggest", async (c) => {
    const w = words(c.get("lang"));
    const f = await readForm(c);
    const text = `${f.str("facts")}\n${f.str("violations")}`.trim();
    if (text.length < 4) return c.html("");
    const clauses = await cases().linker.propose(text, 5);
    return c.html(
      html`<p class="muted">${w("可能涉及的条款：", "Clauses these facts may touch:")}</p><ol>${clauses.map(
        (cl) =>
          html`<li data-chunk="${cl.chunkId}">《${cl.title}》${cl.year ? ` ${cl.year}` : ""} ${cl.section}<br><span class="clause">${cl.text}</span></li>`,
      )}</ol>`.value,
    );
  });

  app.post("/notices", async (c) => {
    const fields = fieldsOf(await readForm(c));
    const notice = await cases().service.draft(fields, { by: by(c) });
    return c.redirect(`/admin/notices/${notice.id}`, 303);
  });

  app.get("/notices/:id", async (c) => {
    const lang = c.get("lang");
    const w = words(lang);
    const system = cases();
    const notice = await system.service.get(idParam(c));
    if (!notice) return c.notFound();
    const csrf = c.get("session").csrf;
    const corrected = notice.correctsId ? await system.service.get(notice.correctsId) : undefined;
    const preview = renderNotice(notice, lang, corrected);
    const platforms = [
      ...(deps.platforms.senders.size
        ? deps.platforms.senders.keys()
        : deps.platforms.limits.keys()),
    ];
    const draft = notice.status === "draft";
    const body = html`
${draft ? html`<section aria-labelledby="edit-h"><h2 id="edit-h">${w("编辑草稿", "Edit the draft")}</h2>${noticeForm(c, w, `/admin/notices/${notice.id}/edit`, notice)}</section>` : ""}
<section aria-labelledby="cl-h"><h2 id="cl-h">${w("关联条款", "Linked clauses")}</h2>
<ul>${notice.clauses.map(
      (
        cl,
      ) => html`<li>${cl.accepted ? "✓" : "○"} 《${cl.title}》 ${cl.section}<br><span class="clause">${cl.text}</span>
${draft ? html`<form method="post" action="/admin/notices/${notice.id}/clause" class="inline">${csrfField(csrf)}<input type="hidden" name="chunkId" value="${cl.chunkId}"><input type="hidden" name="accepted" value="${cl.accepted ? "0" : "1"}"><button type="submit" class="secondary">${cl.accepted ? w("不采用", "Drop") : w("采用", "Accept")}</button></form>` : ""}</li>`,
    )}</ul></section>
<section aria-labelledby="pv-h"><h2 id="pv-h">${w("各平台预览", "Preview per platform")}</h2>
<div class="grid2">${platforms.map(
      (p) =>
        html`<div><h3>${p}</h3>${previewOf(FOLDING.has(p) ? preview : collapsedAsButtons(preview))}</div>`,
    )}</div></section>
${draft ? publishForm(notice, csrf, w, deps.settings.cases.utcOffsetMinutes) : await publishedPanel(system, notice, csrf, w)}`;
    return c.html(page(c, `#${notice.id} ${notice.title}`, body).value);
  });

  app.post("/notices/:id/edit", async (c) => {
    const id = idParam(c);
    await cases().service.edit(id, fieldsOf(await readForm(c)));
    return c.redirect(`/admin/notices/${id}`, 303);
  });

  app.post("/notices/:id/clause", async (c) => {
    const id = idParam(c);
    const f = await readForm(c);
    await cases().service.setClause(id, Number(f.str("chunkId")), f.str("accepted") === "1");
    return c.redirect(`/admin/notices/${id}#cl-h`, 303);
  });

  app.post("/notices/:id/publish", async (c) => {
    const id = idParam(c);
    const f = await readForm(c);
    const at = f.str("at")
      ? localTime(f.str("at"), deps.settings.cases.utcOffsetMinutes)
      : undefined;
    await cases().service.publish(id, { by: by(c), tags: splitList(f.str("tags")), at });
    return c.redirect(`/admin/notices/${id}`, 303);
  });

  for (const action of ["pause", "resume", "cancel"] as const)
    app.post(`/notices/:id/${action}`, async (c) => {
      const id = idParam(c);
      await cases().service[action](id);
      return c.redirect(`/admin/notices/${id}`, 303);
    });

  app.post("/notices/:id/correct", async (c) => {
    const system = cases();
    const original = await system.service.get(idParam(c));
    if (!original) return c.notFound();
    const {
      id: _id,
      status: _s,
      clauses: _c,
      createdBy: _b,
      createdAt: _a,
      publishedAt: _p,
      correctsId: _x,
      ...fields
    } = original;
    const draft = await system.service.draft(fields, {
      by: by(c),
      anonymise: false,
      correctsId: original.id,
    });
    return c.redirect(`/admin/notices/${draft.id}`, 303);
  });

  app.get("/notices/:id/status", async (c) => {
    const w = words(c.get("lang"));
    const system = cases();
    const id = idParam(c);
    const fragment = await statusFragment(system, id, w);
    // 286 tells htmx to stop polling: nothing is left to send.
    return c.html(fragment.html.value, fragment.done ? (286 as 200) : 200);
  });

  app.get("/notices/:id/acks.csv", async (c) => {
    const id = idParam(c);
    const csv = reportCsv(await cases().service.report(id));
    return c.body(`\uFEFF${csv}`, 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="notice-${id}-acks.csv"`,
    });
  });
}

function fieldsOf(f: Form): CaseFields {
  return {
    title: f.str("title"),
    date: f.str("date") || undefined,
    institution: f.str("institution") || undefined,
    people: splitList(f.str("people")),
    facts: f.str("facts"),
    violations: f.str("violations") || undefined,
    result: f.str("result") || undefined,
    lesson: f.str("lesson") || undefined,
    tags: splitList(f.str("tags")),
  };
}

function noticeForm(c: ConsoleContext, w: Words, action: string, n: CaseNotice | undefined): Html {
  const field = (
    name: string,
    zh: string,
    en: string,
    value: string | undefined,
    required = false,
  ) =>
    html`<label for="n-${name}">${w(zh, en)}</label><input type="text" id="n-${name}" name="${name}" value="${value ?? ""}"${required ? html` required` : ""}>`;
  const area = (name: string, zh: string, en: string, value: string | undefined, extra?: Html) =>
    html`<label for="n-${name}">${w(zh, en)}</label><textarea id="n-${name}" name="${name}"${extra ?? ""}>${value ?? ""}</textarea>`;
  return html`<form method="post" action="${action}" id="notice-form">
${csrfField(c.get("session").csrf)}
${field("title", "标题", "Title", n?.title, true)}
<div class="row"><div>${field("date", "日期", "Date", n?.date)}</div><div>${field("institution", "单位", "Institution", n?.institution)}</div></div>
${field("people", "涉及人员姓名（将匿名处理，逗号分隔）", "People involved (anonymised; comma-separated)", n?.people.join(", "))}
${area("facts", "主要违纪事实", "Facts", n?.facts, html` required hx-post="/admin/notices/suggest" hx-trigger="input changed delay:500ms, load" hx-target="#suggestions" hx-include="#n-violations"`)}
<div id="suggestions" aria-live="polite"></div>
${area("violations", "违反的规定", "Rules broken", n?.violations)}
${area("result", "处理结果", "Handling result", n?.result)}
${area("lesson", "警示", "Lesson", n?.lesson)}
${field("tags", "标签（逗号分隔）", "Tags (comma-separated)", n?.tags.join(", "))}
<p><button type="submit">${n ? w("保存草稿", "Save the draft") : w("生成草稿", "Create the draft")}</button></p>
</form>`;
}

function previewOf(message: OutMessage): Html {
  return html`<div class="preview">${message.sections.map((s) =>
    s.kind === "title"
      ? html`<strong>${s.text}</strong>\n`
      : s.kind === "collapsed"
        ? html`<details><summary>${s.label}</summary>${s.text}</details>`
        : html`${s.text}\n`,
  )}${(message.buttons ?? []).map((row) => html`<div>${row.map((b) => html`<span class="button">${b.label}</span> `)}</div>`)}</div>`;
}

function publishForm(n: CaseNotice, csrf: string, w: Words, offset: number): Html {
  return html`<section aria-labelledby="pub-h"><h2 id="pub-h">${w("发布", "Publish")}</h2>
<form method="post" action="/admin/notices/${n.id}/publish">${csrfField(csrf)}
<label for="pub-tags">${w("发送到带这些标签的群（逗号分隔，留空为全部订阅群）", "To groups with these tags (comma-separated; blank: every subscribed group)")}</label>
<input type="text" id="pub-tags" name="tags" value="">
<label for="pub-at">${w(`定时发布（当地时间 UTC${offset >= 0 ? "+" : "-"}${Math.abs(offset / 60)}，留空为立即）`, `Send at (local time UTC${offset >= 0 ? "+" : "-"}${Math.abs(offset / 60)}; blank: now)`)}</label>
<input type="datetime-local" id="pub-at" name="at">
<p><button type="submit" id="publish">${w("发布", "Publish")}</button></p></form></section>`;
}

async function publishedPanel(
  system: CaseSystem,
  n: CaseNotice,
  csrf: string,
  w: Words,
): Promise<Html> {
  const status = await statusFragment(system, n.id, w);
  const report = await system.service.report(n.id);
  const action = (name: string, label: string, cls = "secondary") =>
    html`<form method="post" action="/admin/notices/${n.id}/${name}" class="inline">${csrfField(csrf)}<button type="submit" class="${cls}">${label}</button></form> `;
  return html`<section aria-labelledby="st-h"><h2 id="st-h">${w("发送状态", "Delivery")}</h2>
<div id="status" ${status.done ? "" : html`hx-get="/admin/notices/${n.id}/status" hx-trigger="every 2s" hx-swap="innerHTML"`} aria-live="polite">${status.html}</div>
<p>${action("pause", w("暂停", "Pause"))}${action("resume", w("继续", "Resume"))}${action("cancel", w("取消", "Cancel"), "danger")}${action("correct", w("发布更正", "Correct"))}</p></section>
<section aria-labelledby="ack-h"><h2 id="ack-h">${w("已阅确认", "Acknowledgements")}</h2>
<p>${w(`已确认 ${report.acknowledged} 人`, `${report.acknowledged} acknowledged`)} · <a href="/admin/notices/${n.id}/acks.csv" download>${w("下载 CSV", "Download CSV")}</a></p>
${
  report.rosterLoaded
    ? barChart({
        id: "acks",
        title: w("各科室已阅比例", "Acknowledged by department"),
        rows: report.byDepartment.map((d) => ({
          label: d.department,
          value: d.rate,
          text: `${pct(d.rate)} (${d.acknowledged}/${d.expected})`,
        })),
        max: 1,
        labelHeader: w("科室", "Department"),
        valueHeader: w("已阅", "Acknowledged"),
      })
    : html`<p class="muted">${w("未导入人员名册：无法按科室统计。", "No roster imported: no figures by department.")}</p>`
}</section>`;
}

async function statusFragment(
  system: CaseSystem,
  id: number,
  w: Words,
): Promise<{ html: Html; done: boolean }> {
  const s = await system.service.status(id);
  const report = await system.service.report(id);
  const finished = s.sent + s.failed + s.cancelled;
  const done = s.targets > 0 && s.pending === 0;
  const share = s.targets ? finished / s.targets : 0;
  return {
    done,
    html: html`<p><progress value="${finished}" max="${Math.max(1, s.targets)}" aria-label="${w("发送进度", "Delivery progress")}"></progress> <strong id="status-pct">${pct(share)}</strong></p>
<table id="status-table"><tbody>
<tr><th scope="row">${w("状态", "State")}</th><td id="status-state">${s.state}</td></tr>
<tr><th scope="row">${w("目标群", "Targets")}</th><td>${s.targets}</td></tr>
<tr><th scope="row">${w("已发送", "Sent")}</th><td id="status-sent">${s.sent}</td></tr>
<tr><th scope="row">${w("待发送", "Pending")}</th><td id="status-pending">${s.pending}</td></tr>
<tr><th scope="row">${w("失败", "Failed")}</th><td id="status-failed">${s.failed}</td></tr>
<tr><th scope="row">${w("已取消", "Cancelled")}</th><td>${s.cancelled}</td></tr>
</tbody></table>
${report.delivery.failed.length ? html`<ul class="error">${report.delivery.failed.map((f) => html`<li>${f.platform}:${f.title ?? f.chatId} — ${f.error ?? ""}</li>`)}</ul>` : ""}`,
  };
}

/** A datetime-local value read in the bot's local time (QINGFENG_UTC_OFFSET). */
function localTime(value: string, offsetMinutes: number): Date | undefined {
  const ms = Date.parse(`${value.length === 16 ? `${value}:00` : value}Z`);
  return Number.isNaN(ms) ? undefined : new Date(ms - offsetMinutes * 60_000);
}
