import type { StoredChunk } from "../../../../../knowledge/types.js";
import { kindName } from "../conduct-kinds.js";
import { idParam, readForm, splitList } from "../form.js";
import { type Html, html } from "../html.js";
import { csrfField } from "../layout.js";
import type { ConsoleApp, ConsoleShared, ConsoleWebDeps } from "../page.js";
import { page } from "../page.js";
import { isVerdict, VERDICTS, verdictName } from "../verdicts.js";
import { type Words, words } from "../words.js";

const LOG_LIMIT = 100;
/** Answers a kind filter looks through (newest first). */
const KIND_SCAN = 1000;

/**
 * Answers: the anonymous question log (filter by verdict, date, kind), the
 * 👎 queue with each answer and its citations — pin a standard answer with
 * its verdict and clauses — and the standard answers in force.
 */
export function answerPages(app: ConsoleApp, deps: ConsoleWebDeps, shared: ConsoleShared): void {
  const { records, answers, store } = deps.knowledge;

  app.get("/answers", async (c) => {
    const lang = c.get("lang");
    const w = words(lang);
    const session = c.get("session");
    const verdict = c.req.query("verdict") ?? "";
    const from = c.req.query("from") ?? "";
    const to = c.req.query("to") ?? "";
    const kind = c.req.query("kind") ?? "";
    const offset = deps.settings.cases.utcOffsetMinutes;
    // Kinds are mapped as the page shows them: a kind filter looks through more answers.
    const found = await records.search({
      verdict: isVerdict(verdict) ? verdict : undefined,
      from: from ? localDayStart(from, offset) : undefined,
      to: to ? localDayStart(to, offset, 1) : undefined,
      limit: kind ? KIND_SCAN : LOG_LIMIT,
    });
    const log = found
      .map((a) => ({ ...a, kind: shared.kinds.of(a.question) }))
      .filter((a) => !kind || a.kind === kind)
      .slice(0, LOG_LIMIT);
    const reviews = await records.openReviews();
    const curated = await records.listCurated();
    const cited = await chunksById(deps, [
      ...reviews.flatMap((r) => r.answer.chunkIds),
      ...curated.flatMap((a) => a.chunkIds),
    ]);
    const kinds = deps.knowledge.conduct.catalogue.kinds;
    const body = html`
<section aria-labelledby="log-h"><h2 id="log-h">${w("问题记录（匿名）", "Question log (anonymous)")}</h2>
<form method="get" action="/admin/answers" class="row">
  <div><label for="f-verdict">${w("结论", "Verdict")}</label>
  <select id="f-verdict" name="verdict"><option value="">${w("全部", "All")}</option>${VERDICTS.map(
    (v) =>
      html`<option value="${v}"${v === verdict ? html` selected` : ""}>${verdictName(v, w)}</option>`,
  )}</select></div>
  <div><label for="f-from">${w("起始日期", "From")}</label><input type="date" id="f-from" name="from" value="${from}"></div>
  <div><label for="f-to">${w("截止日期", "To")}</label><input type="date" id="f-to" name="to" value="${to}"></div>
  <div><label for="f-kind">${w("行为类别", "Kind of conduct")}</label>
  <select id="f-kind" name="kind"><option value="">${w("全部", "All")}</option>${kinds.map(
    (k) =>
      html`<option value="${k.id}"${k.id === kind ? html` selected` : ""}>${lang === "en" ? k.en || k.id : k.label}</option>`,
  )}</select></div>
  <div><button type="submit">${w("筛选", "Filter")}</button></div>
</form>
<p class="muted">${w(`最新 ${log.length} 条（最多 ${LOG_LIMIT} 条）`, `Newest ${log.length} (at most ${LOG_LIMIT})`)}</p>
<div class="scroll"><table id="question-log"><thead><tr><th scope="col">${w("时间", "Asked")}</th><th scope="col">${w("问题", "Question")}</th><th scope="col">${w("结论", "Verdict")}</th><th scope="col">${w("行为类别", "Kind")}</th></tr></thead>
<tbody>${log.map(
      (a) =>
        html`<tr><td>${a.askedAt.slice(0, 16).replace("T", " ")}</td><td>${a.question}</td><td>${verdictName(a.verdict, w)}</td><td>${kindName(deps.knowledge.conduct, a.kind, lang)}</td></tr>`,
    )}</tbody></table></div></section>

<section aria-labelledby="reviews-h" id="reviews"><h2 id="reviews-h">${w("👎 待处理", "👎 review queue")} (${reviews.length})</h2>
${reviews.length === 0 ? html`<p class="muted">${w("没有待处理的 👎。", "Nothing to review.")}</p>` : ""}
${reviews.map(
  (r) => html`<article class="card review" id="review-${r.id}">
<h3>${r.answer.question}</h3>
<p><strong>${verdictName(r.answer.verdict, w)}</strong> · ${r.answer.answer}</p>
${r.reason ? html`<p class="muted">${w("反馈理由：", "Reason: ")}${r.reason}</p>` : ""}
${citationList(r.answer.chunkIds, cited, w)}
<form method="post" action="/admin/answers/pin">
${csrfField(session.csrf)}<input type="hidden" name="feedbackId" value="${r.id}">
<label for="pin-answer-${r.id}">${w("标准答案", "Standard answer")}</label>
<textarea id="pin-answer-${r.id}" name="answer" required>${r.answer.answer}</textarea>
<div class="row">
<div><label for="pin-verdict-${r.id}">${w("结论", "Verdict")}</label>
<select id="pin-verdict-${r.id}" name="verdict">${VERDICTS.map(
    (v) =>
      html`<option value="${v}"${v === r.answer.verdict ? html` selected` : ""}>${verdictName(v, w)}</option>`,
  )}</select></div>
<div><label for="pin-clauses-${r.id}">${w("依据条款编号（逗号分隔）", "Clause ids (comma-separated)")}</label>
<input type="text" id="pin-clauses-${r.id}" name="clauses" value="${r.answer.chunkIds.join(", ")}"></div>
<div><button type="submit">${w("设为标准答案", "Pin standard answer")}</button></div>
</div></form></article>`,
)}</section>

<section aria-labelledby="curated-h"><h2 id="curated-h">${w("标准答案", "Standard answers")} (${curated.length})</h2>
<div class="scroll"><table id="curated"><thead><tr><th scope="col">#</th><th scope="col">${w("问题", "Question")}</th><th scope="col">${w("结论", "Verdict")}</th><th scope="col">${w("答案", "Answer")}</th><th scope="col">${w("条款", "Clauses")}</th><th scope="col"><span class="muted">${w("操作", "Action")}</span></th></tr></thead>
<tbody>${curated.map(
      (
        a,
      ) => html`<tr><td>${a.id}</td><td>${a.pattern}</td><td>${verdictName(a.verdict, w)}</td><td>${a.answer}</td><td>${a.chunkIds.map((id) => cited.get(id)?.occurrences[0]?.title ?? `#${id}`).join("；")}</td>
<td><form method="post" action="/admin/answers/curated/${a.id}/retire">${csrfField(session.csrf)}<button type="submit" class="secondary">${w("停用", "Retire")}</button></form></td></tr>`,
    )}</tbody></table></div></section>`;
    return c.html(page(c, w("问答", "Answers"), body).value);
  });

  app.post("/answers/pin", async (c) => {
    const f = await readForm(c);
    const verdict = f.str("verdict");
    const chunkIds = splitList(f.str("clauses")).map(Number).filter(Number.isInteger);
    await answers.resolve(Number(f.str("feedbackId")), {
      answer: f.str("answer"),
      verdict: isVerdict(verdict) ? verdict : undefined,
      chunkIds,
      by: `console ${c.get("session").who}`,
    });
    return c.redirect("/admin/answers#curated-h", 303);
  });

  app.post("/answers/curated/:id/retire", async (c) => {
    await records.retireCurated(idParam(c));
    return c.redirect("/admin/answers#curated-h", 303);
  });

  async function chunksById(_d: ConsoleWebDeps, ids: number[]): Promise<Map<number, StoredChunk>> {
    const unique = [...new Set(ids)];
    const chunks = unique.length ? await store.getChunks(unique) : [];
    return new Map(chunks.map((ch) => [ch.id, ch]));
  }
}

function citationList(ids: number[], cited: Map<number, StoredChunk>, w: Words): Html {
  if (ids.length === 0) return html`<p class="muted">${w("无引用条款", "No clauses cited")}</p>`;
  return html`<ol class="citations">${ids.map((id) => {
    const ch = cited.get(id);
    const at = ch?.occurrences[0];
    return html`<li><span class="muted">#${id} 《${at?.title ?? "?"}》${at?.year ? ` ${at.year}` : ""} ${at?.section ?? ""}</span><br><span class="clause">${ch?.text ?? ""}</span></li>`;
  })}</ol>`;
}

/** The UTC instant a local calendar day (yyyy-mm-dd) starts, plus `days`. */
function localDayStart(day: string, offsetMinutes: number, days = 0): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const utc = Date.parse(`${day}T00:00:00Z`) + days * 86_400_000 - offsetMinutes * 60_000;
  return Number.isNaN(utc) ? undefined : new Date(utc).toISOString();
}
