import {
  CAMPAIGNS,
  type CampaignReport,
  COVERAGE_TARGET,
  campaignReportCsv,
  parseCampaignSpec,
} from "../../../campaigns/ports.js";
import { barChart } from "../charts.js";
import { idParam, readForm, splitList } from "../form.js";
import { type Html, html } from "../html.js";
import { csrfField } from "../layout.js";
import type { ConsoleApp, ConsoleWebDeps } from "../page.js";
import { page } from "../page.js";
import { pct, type Words, words } from "../words.js";

/**
 * Campaigns: create one (the same spec and checks as `qingfeng campaign
 * create`), coverage per department against 98% as a chart, the people
 * still outstanding, and the report as CSV.
 */
export function campaignPages(app: ConsoleApp, deps: ConsoleWebDeps): void {
  const campaigns = () => deps.services.get(CAMPAIGNS);

  app.get("/campaigns", async (c) => {
    const w = words(c.get("lang"));
    const list = await campaigns().list();
    const service = campaigns();
    const today = service.localDay(deps.now());
    const body = html`
<section aria-labelledby="cl-h"><h2 id="cl-h">${w("培训任务", "Campaigns")}</h2>
<div class="scroll"><table id="campaigns"><thead><tr><th scope="col">#</th><th scope="col">${w("名称", "Name")}</th><th scope="col">${w("开始", "Start")}</th><th scope="col">${w("截止", "Due")}</th><th scope="col">${w("题数", "Questions")}</th></tr></thead>
<tbody>${list.map(
      (x) =>
        html`<tr><td>${x.id}</td><td><a href="/admin/campaigns/${x.id}">${x.name}</a></td><td>${service.localDay(x.startAt)}</td><td>${service.localDay(x.dueAt)}</td><td>${x.questionIds.length}</td></tr>`,
    )}</tbody></table></div></section>
<section aria-labelledby="new-h"><h2 id="new-h">${w("创建培训", "Create a campaign")}</h2>
<form method="post" action="/admin/campaigns">${csrfField(c.get("session").csrf)}
<label for="c-name">${w("名称", "Name")}</label><input type="text" id="c-name" name="name" required>
<label for="c-departments">${w("参加科室（逗号分隔，留空为全部名册人员）", "Departments (comma-separated; blank: the whole roster)")}</label><input type="text" id="c-departments" name="departments">
<label for="c-tags">${w("题目标签（逗号分隔，可留空）", "Question tags (comma-separated, optional)")}</label><input type="text" id="c-tags" name="tags">
<div class="row">
<div><label for="c-count">${w("题数", "Questions")}</label><input type="number" id="c-count" name="count" min="1" max="50" value="10"></div>
<div><label for="c-pass">${w("及格线（%）", "Pass mark (%)")}</label><input type="number" id="c-pass" name="passMark" min="1" max="100" value="80"></div>
<div><label for="c-start">${w("开始日期", "Start")}</label><input type="date" id="c-start" name="start" value="${today}" required></div>
<div><label for="c-due">${w("截止日期", "Due")}</label><input type="date" id="c-due" name="due" required></div>
</div>
<label><input type="checkbox" name="attestation" value="1"> ${w("通过后需确认零报告", "Ask for a zero-report attestation after passing")}</label>
<p><button type="submit">${w("创建", "Create")}</button></p></form></section>`;
    return c.html(page(c, w("培训任务", "Campaigns"), body).value);
  });

  app.post("/campaigns", async (c) => {
    const f = await readForm(c);
    const offset = deps.settings.cases.utcOffsetMinutes;
    const spec = parseCampaignSpec(
      JSON.stringify({
        name: f.str("name"),
        tags: splitList(f.str("tags")),
        count: Number(f.str("count") || 10),
        audience: { departments: splitList(f.str("departments")) },
        start: localMidnight(f.str("start"), offset),
        due: localMidnight(f.str("due"), offset, 1),
        passMark: Number(f.str("passMark") || 80) / 100,
        attestation: f.str("attestation") === "1",
      }),
    );
    const created = await campaigns().create(spec, `console ${c.get("session").who}`);
    return c.redirect(`/admin/campaigns/${created.id}`, 303);
  });

  app.get("/campaigns/:id", async (c) => {
    const w = words(c.get("lang"));
    const report = await campaigns().report(idParam(c));
    const body = html`
<p>${w("总覆盖率", "Coverage")} <strong id="coverage">${pct(report.coverage)}</strong> (${report.done}/${report.expected}) · ${w("目标", "target")} ${pct(report.target)} — ${report.meetsTarget ? html`<span class="ok">${w("已达标", "met")}</span>` : html`<span class="error">${w("未达标", "not met")}</span>`}
 · <a href="/admin/campaigns/${report.campaign.id}/report.csv" download>${w("下载 CSV", "Download CSV")}</a></p>
${coverageChart(report, w)}
<section aria-labelledby="out-h"><h2 id="out-h">${w("未完成人员", "Outstanding")} (${report.outstanding.length})</h2>
<div class="scroll"><table id="outstanding"><thead><tr><th scope="col">${w("姓名", "Name")}</th><th scope="col">${w("科室", "Department")}</th></tr></thead>
<tbody>${report.outstanding.map((m) => html`<tr><td>${m.name}</td><td>${m.department}</td></tr>`)}</tbody></table></div></section>`;
    return c.html(page(c, `#${report.campaign.id} ${report.campaign.name}`, body).value);
  });

  app.get("/campaigns/:id/report.csv", async (c) => {
    const id = idParam(c);
    const csv = campaignReportCsv(await campaigns().report(id));
    return c.body(`\uFEFF${csv}`, 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="campaign-${id}.csv"`,
    });
  });
}

/** Completion per department against the 98% target (the numbers of `campaign report --json`). */
export function coverageChart(report: CampaignReport, w: Words): Html {
  return barChart({
    id: "coverage-chart",
    title: w(
      "各科室完成率（虚线为 98% 目标）",
      "Completion by department (dashed line: 98% target)",
    ),
    rows: report.departments.map((d) => ({
      label: d.department,
      value: d.completion,
      text: `${pct(d.completion)} (${d.done}/${d.expected})`,
    })),
    max: 1,
    target: COVERAGE_TARGET,
    labelHeader: w("科室", "Department"),
    valueHeader: w("完成率", "Completion"),
  });
}

/** The UTC instant a local day (yyyy-mm-dd) begins, plus `days`, as ISO. */
function localMidnight(day: string, offsetMinutes: number, days = 0): string {
  const ms = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(ms)) return day;
  return new Date(ms + days * 86_400_000 - offsetMinutes * 60_000).toISOString();
}
