import { CAMPAIGNS, COVERAGE_TARGET } from "../../../campaigns/ports.js";
import { QUIZ } from "../../../quiz/ports.js";
import { barChart } from "../charts.js";
import { kindName, topKinds } from "../conduct-kinds.js";
import { html } from "../html.js";
import type { ConsoleApp, ConsoleShared, ConsoleWebDeps } from "../page.js";
import { page } from "../page.js";
import { pct, words } from "../words.js";

const DAY = 86_400_000;
/** Questions mapped to kinds of conduct per overview (the newest of the period). */
const KIND_SAMPLE = 1000;

/**
 * Overview: the last 30 days of questions (per day, answered vs 未涉及, 👎
 * rate, kinds of conduct asked), quiz activity, and the newest campaign's
 * coverage by department against the 98% target.
 */
export function overviewPage(app: ConsoleApp, deps: ConsoleWebDeps, shared: ConsoleShared): void {
  app.get("/", async (c) => {
    const lang = c.get("lang");
    const w = words(lang);
    const offset = deps.settings.cases.utcOffsetMinutes;
    const since = new Date(deps.now() - 30 * DAY).toISOString();
    // At most a minute old: 100,000 answers are not rescanned for every click.
    const { stats, recent, kinds } = await shared.figures.get("overview", async () => {
      const stats = await deps.knowledge.records.stats(since, offset);
      const recent = await deps.knowledge.records.search({ from: since, limit: KIND_SAMPLE });
      const kinds = topKinds(
        shared.kinds,
        recent.map((a) => a.question),
      );
      return { stats, recent: recent.length, kinds };
    });
    const quiz = deps.services.find(QUIZ);
    const bank = quiz ? await quiz.bank.list() : [];
    const campaigns = deps.services.find(CAMPAIGNS);
    const newest = campaigns ? (await campaigns.list()).at(-1) : undefined;
    const report = newest && campaigns ? await campaigns.report(newest.id) : undefined;
    const covered = stats.questions - stats.byVerdict.not_covered;
    const states = { draft: 0, approved: 0, retired: 0 } as Record<string, number>;
    let asked = 0;
    let correct = 0;
    for (const q of bank) {
      states[q.state] = (states[q.state] ?? 0) + 1;
      asked += q.asked;
      correct += q.correct;
    }
    const body = html`
<p class="muted">${w("近 30 天（数字至多 1 分钟前）", "Last 30 days (figures at most a minute old)")}</p>
<div class="cards">
  <div class="card"><div class="n" id="n-questions">${stats.questions}</div>${w("个问题", "questions")}</div>
  <div class="card"><div class="n">${covered}</div>${w("有答案", "answered")}</div>
  <div class="card"><div class="n">${stats.byVerdict.not_covered}</div>${w("未涉及", "not covered")}</div>
  <div class="card"><div class="n">${pct(stats.downRate)}</div>${w("👎 比例", "👎 rate")} (${stats.thumbsDown}/${stats.thumbsUp + stats.thumbsDown})</div>
  <div class="card"><div class="n">${stats.openReviews}</div><a href="/admin/answers#reviews">${w("待处理 👎", "👎 to review")}</a></div>
</div>
<div class="grid2">
<section>${barChart({
      id: "per-day",
      title: w("每日问题数", "Questions per day"),
      rows: stats.perDay.map((d) => ({ label: d.day, value: d.questions })),
      labelHeader: w("日期", "Day"),
      valueHeader: w("问题数", "Questions"),
    })}</section>
<section>${barChart({
      id: "answered",
      title: w("有答案与未涉及", "Answered vs not covered"),
      rows: [
        { label: w("禁止", "Prohibited"), value: stats.byVerdict.prohibited },
        { label: w("有条件", "Conditional"), value: stats.byVerdict.conditional },
        { label: w("说明", "Information"), value: stats.byVerdict.info },
        { label: w("未涉及", "Not covered"), value: stats.byVerdict.not_covered },
      ],
      labelHeader: w("结论", "Verdict"),
      valueHeader: w("问题数", "Questions"),
    })}</section>
<section>${barChart({
      id: "kinds",
      title: w(
        `问得最多的行为类别（最近 ${recent} 个问题）`,
        `Kinds of conduct asked most (newest ${recent} questions)`,
      ),
      rows: kinds.map((k) => ({
        label: kindName(deps.knowledge.conduct, k.kind, lang),
        value: k.questions,
      })),
      labelHeader: w("行为类别", "Kind of conduct"),
      valueHeader: w("问题数", "Questions"),
    })}</section>
<section><h2>${w("答题情况", "Quiz activity")}</h2>
<table><tbody>
<tr><th scope="row">${w("已发布题目", "Approved questions")}</th><td>${states.approved}</td></tr>
<tr><th scope="row">${w("待审核草稿", "Drafts to review")}</th><td><a href="/admin/quiz?state=draft">${states.draft}</a></td></tr>
<tr><th scope="row">${w("已停用", "Retired")}</th><td>${states.retired}</td></tr>
<tr><th scope="row">${w("累计作答", "Answers given")}</th><td>${asked}</td></tr>
<tr><th scope="row">${w("正确率", "Correct")}</th><td>${asked ? pct(correct / asked) : "—"}</td></tr>
</tbody></table></section>
</div>
<section><h2>${w("培训覆盖率", "Training coverage")}${report ? html` — <a href="/admin/campaigns/${report.campaign.id}">${report.campaign.name}</a>` : ""}</h2>
${
  report
    ? html`<p>${w("总覆盖率", "Coverage")} <strong>${pct(report.coverage)}</strong> ${w("目标", "target")} ${pct(COVERAGE_TARGET)} — ${report.meetsTarget ? html`<span class="ok">${w("已达标", "met")}</span>` : html`<span class="error">${w("未达标", "not met")}</span>`}</p>
${barChart({
  id: "overview-coverage",
  title: w("各科室完成率（虚线为 98% 目标）", "Completion by department (dashed line: 98% target)"),
  rows: report.departments.map((d) => ({
    label: d.department,
    value: d.completion,
    text: `${pct(d.completion)} (${d.done}/${d.expected})`,
  })),
  max: 1,
  target: COVERAGE_TARGET,
  labelHeader: w("科室", "Department"),
  valueHeader: w("完成率", "Completion"),
})}`
    : html`<p class="muted">${w("还没有培训任务。", "No campaign yet.")} <a href="/admin/campaigns">${w("创建培训", "Create one")}</a></p>`
}</section>`;
    return c.html(page(c, w("概览", "Overview"), body).value);
  });
}
