import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allChunks } from "../../../../knowledge/ports/knowledge-store.js";
import { generateInto } from "../../../../knowledge/quiz/quiz-curator.js";
import { SAMPLE_CASE } from "../../../helpers/case-testbed.js";
import { chatMessage } from "../../../helpers/chat-message.js";
import { type ConsoleTestbed, openConsoleTestbed } from "../../../helpers/console-testbed.js";
import { CookieClient } from "../../../helpers/cookie-client.js";
import { RecordingReply } from "../../../helpers/recording-reply.js";

/** The console's pages over HTTP against the real services (what the browser test does not click). */
describe("admin console pages", () => {
  let bed: ConsoleTestbed;
  let client: CookieClient;
  let csrf: string;
  beforeAll(async () => {
    bed = await openConsoleTestbed();
    client = new CookieClient(bed.base.replace(/\/admin$/, ""));
    expect((await client.signInWithLink((await bed.requestLink("9")) ?? "")).status).toBe(303);
    csrf = await client.csrf();
  }, 120_000);
  afterAll(async () => {
    await bed?.close();
  });

  const ask = (q: string) =>
    bed.handle(chatMessage(q, { id: "42", type: "dm" }, { id: "42" }), new RecordingReply());
  const rows = (html: string, table: string) =>
    html
      .slice(html.indexOf(`id="${table}"`))
      .split("</table>")[0]
      ?.match(/<tr>/g)?.length ?? 0;

  it("filters the question log by verdict and by kind of conduct", async () => {
    await ask("药代请我吃饭可以吗？");
    await ask("患者送红包可以收吗？");
    await ask("医院食堂几点开门？");
    const all = await (await client.get("/admin/answers")).text();
    expect(rows(all, "question-log")).toBe(4); // header + 3
    const uncovered = await (await client.get("/admin/answers?verdict=not_covered")).text();
    expect(uncovered).toContain("医院食堂几点开门？");
    expect(uncovered).not.toContain("患者送红包可以收吗？</td>");
    const gifts = await (await client.get("/admin/answers?kind=gift-from-patient")).text();
    expect(gifts).toContain("患者送红包可以收吗？");
    expect(gifts).not.toContain("药代请我吃饭可以吗？</td>");
  });

  it("shows the overview's figures as the answer records count them", async () => {
    const page = await (await client.get("/admin")).text();
    const since = new Date(bed.clock.now() - 30 * 86_400_000).toISOString();
    const stats = await bed.app.records.stats(since, 480);
    const cells = (id: string) =>
      [
        ...(page.split(`data-chart="${id}"`)[1] ?? "")
          .split("</table>")[0]!
          .matchAll(/data-label="([^"]*)" data-value="([^"]*)"/g),
      ].map((m) => [m[1], Number(m[2])]);
    expect(cells("answered")).toEqual([
      ["禁止", stats.byVerdict.prohibited],
      ["有条件", stats.byVerdict.conditional],
      ["说明", stats.byVerdict.info],
      ["未涉及", stats.byVerdict.not_covered],
    ]);
    expect(cells("per-day")).toEqual(stats.perDay.map((d) => [d.day, d.questions]));
    expect(cells("kinds")).toContainEqual(["收受患者及其亲友的“红包”、现金、购物卡和礼品", 1]);
  });

  it("exports the quiz bank and imports it back, rejecting the duplicates", async () => {
    await generateInto(
      bed.bot.env.services.get((await import("../../../../bot/features/quiz/ports.js")).QUIZ).bank,
      await allChunks(bed.app.kb.store),
      5,
    );
    const exported = await client.get("/admin/quiz/export?format=json");
    expect(exported.headers.get("content-disposition")).toContain("quiz-bank.json");
    const json = (await exported.json()) as { questions: unknown[] };
    expect(json.questions.length).toBeGreaterThanOrEqual(5);
    const form = new FormData();
    form.set("csrf", csrf);
    form.append(
      "file",
      new Blob([JSON.stringify(json)], { type: "application/json" }),
      "bank.json",
    );
    const imported = await (await client.post("/admin/quiz/import", form)).text();
    expect(imported).toContain(`已导入 0 道题为草稿；拒绝 ${json.questions.length} 道。`);
  });

  it("pauses, resumes and cancels a published notice, and corrects it with a new draft", async () => {
    await bed.subscribe("telegram", ["-2001", "-2002"]);
    const draft = await bed.cases.service.draft(SAMPLE_CASE, { by: "test" });
    const published = await client.post(`/admin/notices/${draft.id}/publish`, {
      csrf,
      tags: "",
      at: "2026-12-01T09:00",
    });
    expect(published.status).toBe(303);
    const status = await bed.cases.service.status(draft.id);
    // 09:00 at +08:00 is 01:00 UTC.
    expect(status).toMatchObject({
      targets: 2,
      pending: 2,
      state: "active",
      sendAt: "2026-12-01T01:00:00.000Z",
    });
    await client.post(`/admin/notices/${draft.id}/pause`, { csrf });
    expect((await bed.cases.service.status(draft.id)).state).toBe("paused");
    await client.post(`/admin/notices/${draft.id}/resume`, { csrf });
    expect((await bed.cases.service.status(draft.id)).state).toBe("active");
    await client.post(`/admin/notices/${draft.id}/cancel`, { csrf });
    expect((await bed.cases.service.status(draft.id)).state).toBe("cancelled");
    const corrected = await client.post(`/admin/notices/${draft.id}/correct`, { csrf });
    const id = Number(/notices\/(\d+)$/.exec(corrected.headers.get("location") ?? "")?.[1]);
    expect(await bed.cases.service.get(id)).toMatchObject({
      status: "draft",
      correctsId: draft.id,
    });
    const fragment = await client.get(`/admin/notices/${draft.id}/status`);
    // Nothing is left to send: htmx is told to stop polling.
    expect(fragment.status).toBe(286);
  });

  it("lists documents a page at a time and removes one", async () => {
    const docs = await bed.app.kb.store.listDocuments();
    const page = await (await client.get("/admin/documents")).text();
    expect(rows(page, "documents")).toBe(Math.min(docs.length, 100) + 1);
    const victim = docs[0];
    const removed = await client.post("/admin/documents/remove", {
      csrf,
      source: victim?.source ?? "",
    });
    expect(removed.status).toBe(303);
    expect((await bed.app.kb.store.listDocuments()).some((d) => d.source === victim?.source)).toBe(
      false,
    );
  });
});
