import { AUDIENCES } from "../../../../../knowledge/quiz/audiences.js";
import {
  type Difficulty,
  difficulty,
  type QuestionState,
  type StoredQuestion,
} from "../../../../../knowledge/quiz/question-types.js";
import { importInto } from "../../../../../knowledge/quiz/quiz-curator.js";
import { fromCsv, fromJson, toCsv, toJson } from "../../../../../knowledge/quiz/quiz-io.js";
import { QUIZ } from "../../../quiz/ports.js";
import { QingfengError } from "../../errors.js";
import { readForm } from "../form.js";
import { type Html, html } from "../html.js";
import { csrfField } from "../layout.js";
import type { ConsoleApp, ConsoleWebDeps } from "../page.js";
import { page } from "../page.js";
import { type Words, words } from "../words.js";

const STATES: readonly QuestionState[] = ["draft", "approved", "retired"];
const DIFFICULTIES: readonly Difficulty[] = ["easy", "medium", "hard", "unknown"];

/**
 * Quiz bank: drafts reviewed beside their governing clause, approved or
 * retired in bulk, filtered by kind / audience / difficulty, imported from
 * and exported to the CLI's JSON and CSV formats.
 */
export function quizPages(app: ConsoleApp, deps: ConsoleWebDeps): void {
  const quiz = () => deps.services.get(QUIZ);

  app.get("/quiz", async (c) => {
    const lang = c.get("lang");
    const w = words(lang);
    const q = (name: string) => c.req.query(name) ?? "";
    const state = (STATES as readonly string[]).includes(q("state"))
      ? (q("state") as QuestionState)
      : "draft";
    const kind = q("kind");
    const audience = q("audience");
    const level = q("difficulty");
    const { service, bank } = quiz();
    const list = (await bank.list({ state })).filter(
      (x) =>
        (!kind || x.conduct === kind) &&
        (!audience || (x.audiences ?? []).includes(audience)) &&
        (!level || difficulty(x) === level),
    );
    const kinds = deps.knowledge.conduct.catalogue.kinds;
    const csrf = c.get("session").csrf;
    const select = (
      name: string,
      label: string,
      options: { v: string; t: string }[],
      current: string,
      all = true,
    ) =>
      html`<div><label for="q-${name}">${label}</label><select id="q-${name}" name="${name}">${all ? html`<option value="">${w("全部", "All")}</option>` : ""}${options.map(
        (o) =>
          html`<option value="${o.v}"${o.v === current ? html` selected` : ""}>${o.t}</option>`,
      )}</select></div>`;
    const body = html`
<form method="get" action="/admin/quiz" class="row">
${select(
  "state",
  w("状态", "State"),
  STATES.map((s) => ({ v: s, t: stateName(s, w) })),
  state,
  false,
)}
${select(
  "kind",
  w("行为类别", "Kind of conduct"),
  kinds.map((k) => ({ v: k.id, t: lang === "en" ? k.en || k.id : k.label })),
  kind,
)}
${select(
  "audience",
  w("岗位", "Audience"),
  AUDIENCES.map((a) => ({ v: a, t: a })),
  audience,
)}
${select(
  "difficulty",
  w("难度", "Difficulty"),
  DIFFICULTIES.map((d) => ({ v: d, t: d })),
  level,
)}
<div><button type="submit">${w("筛选", "Filter")}</button></div>
</form>
<form method="post" action="/admin/quiz/review" id="review-form">${csrfField(csrf)}
<p class="muted">${w(`${list.length} 道题`, `${list.length} questions`)}</p>
<div class="row"><div><button type="submit" name="action" value="approve" id="approve-selected">${w("批准所选", "Approve selected")}</button></div>
<div><button type="submit" name="action" value="retire" class="secondary">${w("停用所选", "Retire selected")}</button></div></div>
<div class="scroll"><table id="questions"><thead><tr><th scope="col"><span class="muted">${w("选择", "Select")}</span></th><th scope="col">${w("题目", "Question")}</th><th scope="col">${w("依据条款", "Governing clause")}</th><th scope="col">${w("类别 · 岗位 · 难度", "Kind · audience · difficulty")}</th></tr></thead>
<tbody>${list.map((x) => questionRow(x, w, service.conductName(x.conduct, lang)))}</tbody></table></div>
</form>
<section aria-labelledby="io-h"><h2 id="io-h">${w("导入 / 导出", "Import / export")}</h2>
<p><a href="/admin/quiz/export?format=json">${w("导出 JSON", "Export JSON")}</a> · <a href="/admin/quiz/export?format=csv">${w("导出 CSV", "Export CSV")}</a></p>
<form method="post" action="/admin/quiz/import" enctype="multipart/form-data">${csrfField(csrf)}
<label for="quiz-file">${w("导入题目（JSON 或 CSV，格式同 qingfeng quiz export）", "Import questions (JSON or CSV, as qingfeng quiz export writes them)")}</label>
<input type="file" id="quiz-file" name="file" accept=".json,.csv" required>
<p><button type="submit">${w("导入为草稿", "Import as drafts")}</button></p></form></section>`;
    return c.html(page(c, w("题库", "Quiz bank"), body).value);
  });

  app.post("/quiz/review", async (c) => {
    const f = await readForm(c);
    const ids = f.all("ids").map(Number).filter(Number.isInteger);
    const to = f.str("action") === "retire" ? "retired" : "approved";
    await quiz().bank.setState(ids, to);
    return c.redirect("/admin/quiz", 303);
  });

  app.get("/quiz/export", async (c) => {
    const list = await quiz().bank.list();
    const csv = c.req.query("format") === "csv";
    return c.body(
      csv ? `\uFEFF${toCsv(list)}` : JSON.stringify({ questions: list.map(toJson) }, null, 2),
      200,
      {
        "content-type": csv ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
        "content-disposition": `attachment; filename="quiz-bank.${csv ? "csv" : "json"}"`,
      },
    );
  });

  app.post("/quiz/import", async (c) => {
    const w = words(c.get("lang"));
    const file = (await readForm(c)).files("file")[0];
    if (!file) throw new QingfengError("BAD_INPUT", "Choose a JSON or CSV file to import.");
    const text = await file.text();
    const questions = file.name.toLowerCase().endsWith(".csv") ? fromCsv(text) : fromJson(text);
    const report = await importInto(quiz().bank, questions, { matcher: deps.knowledge.conduct });
    const body = html`<p class="flash" role="status">${w(`已导入 ${report.added.length} 道题为草稿；拒绝 ${report.rejected.length} 道。`, `Imported ${report.added.length} questions as drafts; rejected ${report.rejected.length}.`)}</p>
<ul class="error">${report.rejected.map((r) => html`<li>#${r.index + 1} ${r.stem.slice(0, 50)}: ${r.problems.join("; ")}</li>`)}</ul>
<p><a href="/admin/quiz?state=draft">${w("审核草稿", "Review the drafts")}</a></p>`;
    return c.html(page(c, w("导入结果", "Import result"), body).value);
  });
}

function stateName(s: QuestionState, w: Words): string {
  return s === "draft"
    ? w("草稿", "Drafts")
    : s === "approved"
      ? w("已批准", "Approved")
      : w("已停用", "Retired");
}

function questionRow(q: StoredQuestion, w: Words, kind: string | undefined): Html {
  return html`<tr>
<td><input type="checkbox" name="ids" value="${q.id}" id="q-${q.id}" aria-label="${w(`选择第 ${q.id} 题`, `Select question ${q.id}`)}"></td>
<td><label for="q-${q.id}">#${q.id} ${q.stem}</label><ol type="A">${q.options.map((o, i) => html`<li>${q.answer.includes(i) ? "✔ " : ""}${o}</li>`)}</ol><span class="muted">${q.explanation}</span></td>
<td><span class="muted">《${q.source.title}》${q.source.year ? ` ${q.source.year}` : ""} ${q.source.section}</span><br><span class="clause">${q.source.text}</span></td>
<td>${kind ?? ""} · ${(q.audiences ?? []).join("/")} · ${difficulty(q)}${q.asked ? ` (${q.correct}/${q.asked})` : ""}</td></tr>`;
}
