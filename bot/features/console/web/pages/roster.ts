import { identities, parseRoster, ROSTER } from "../../../roster/ports.js";
import { QingfengError } from "../../errors.js";
import { readForm } from "../form.js";
import { html } from "../html.js";
import { csrfField } from "../layout.js";
import type { ConsoleApp, ConsoleWebDeps } from "../page.js";
import { page } from "../page.js";
import { words } from "../words.js";

const SHOWN = 500;

/** Roster: CSV import (every bad line reported, nothing imported then), list and search. */
export function rosterPages(app: ConsoleApp, deps: ConsoleWebDeps): void {
  const roster = () => deps.services.get(ROSTER);

  app.get("/roster", async (c) => {
    const w = words(c.get("lang"));
    const q = (c.req.query("q") ?? "").trim();
    const all = await roster().all();
    const found = q
      ? all.filter(
          (m) =>
            m.name.includes(q) ||
            m.department.includes(q) ||
            Object.values(m.ids).some((id) => id === q),
        )
      : all;
    const body = html`
<form method="get" action="/admin/roster" role="search" class="row">
<div><label for="r-q">${w("搜索姓名、科室或账号", "Search name, department or user id")}</label><input type="search" id="r-q" name="q" value="${q}"></div>
<div><button type="submit">${w("搜索", "Search")}</button></div></form>
<p class="muted">${w(`共 ${all.length} 人，匹配 ${found.length} 人`, `${all.length} people, ${found.length} matching`)}${found.length > SHOWN ? w(`（显示前 ${SHOWN} 人）`, ` (first ${SHOWN} shown)`) : ""}</p>
<div class="scroll"><table id="roster"><thead><tr><th scope="col">${w("姓名", "Name")}</th><th scope="col">${w("科室", "Department")}</th><th scope="col">${w("平台账号", "Platform ids")}</th></tr></thead>
<tbody>${found.slice(0, SHOWN).map(
      (m) =>
        html`<tr><td>${m.name}</td><td>${m.department}</td><td>${identities(m)
          .map((i) => `${i.platform}:${i.userId}`)
          .join(" ")}</td></tr>`,
    )}</tbody></table></div>
<section aria-labelledby="imp-h"><h2 id="imp-h">${w("导入名册", "Import the roster")}</h2>
<p class="muted">${w("CSV：姓名, 科室, telegram_id, slack_id, wecom_id …（首行为表头）。导入会替换整个名册；有错误的行会逐行列出且不导入任何内容。", "CSV: name, department, telegram_id, slack_id, wecom_id … (header row). An import replaces the whole roster; bad lines are listed and nothing is imported.")}</p>
<form method="post" action="/admin/roster/import" enctype="multipart/form-data">${csrfField(c.get("session").csrf)}
<label for="roster-file">${w("名册 CSV 文件", "Roster CSV file")}</label>
<input type="file" id="roster-file" name="file" accept=".csv,text/csv" required>
<p><button type="submit">${w("导入", "Import")}</button></p></form></section>`;
    return c.html(page(c, w("人员名册", "Roster"), body).value);
  });

  app.post("/roster/import", async (c) => {
    const w = words(c.get("lang"));
    const file = (await readForm(c)).files("file")[0];
    if (!file) throw new QingfengError("BAD_INPUT", "Choose a roster CSV file.");
    const members = parseRoster(await file.text());
    await roster().replace(members);
    const body = html`<p class="flash" role="status">${w(`已导入 ${members.length} 人。`, `Imported ${members.length} people.`)}</p><p><a href="/admin/roster">${w("查看名册", "See the roster")}</a></p>`;
    return c.html(page(c, w("导入结果", "Import result"), body).value);
  });
}
