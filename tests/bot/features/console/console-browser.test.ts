import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../../../bot/cli.js";
import { allChunks } from "../../../../knowledge/ports/knowledge-store.js";
import { generateInto } from "../../../../knowledge/quiz/quiz-curator.js";
import { chatMessage } from "../../../helpers/chat-message.js";
import { type ConsoleTestbed, openConsoleTestbed } from "../../../helpers/console-testbed.js";
import { type FakeTelegramApi, startFakeTelegramApi } from "../../../helpers/fake-telegram-api.js";
import { RecordingReply } from "../../../helpers/recording-reply.js";

const ROOT = fileURLToPath(new URL("../../../..", import.meta.url));
const FIXTURES = join(ROOT, "tests", "fixtures");
/** Screenshots of each page, kept as test artefacts (gitignored). */
const SHOTS = join(ROOT, "test-artifacts", "console");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * The admin console in a real browser (Debian's chromium driven by
 * playwright-core) against the real services on the embedded default:
 * SQLite, the shipped corpus, and a Telegram platform whose API is emulated
 * on loopback. One browser for the file; each flow signs in as a fresh user.
 */
describe("admin console in Chromium", () => {
  let api: FakeTelegramApi;
  let bed: ConsoleTestbed;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(
        `No browser at ${CHROMIUM}: apt-get install chromium fonts-noto-cjk (as .ci/run does), or set CHROMIUM_PATH.`,
      );
    mkdirSync(SHOTS, { recursive: true });
    api = await startFakeTelegramApi();
    bed = await openConsoleTestbed({
      env: {
        TELEGRAM_BOT_TOKEN: "123456:TEST-TOKEN-abcdefghijklmnop",
        TELEGRAM_API_ROOT: api.apiRoot,
      },
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
    page = await browser.newPage({ viewport: { width: 1200, height: 900 }, locale: "zh-CN" });
    const link = await bed.requestLink("9");
    await page.goto(link ?? "");
    await page.getByRole("button", { name: "登录" }).first().click();
    await page.waitForURL(`${bed.base}`);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await bed?.close();
    await api?.close();
  });

  /** The bot's answer to a question asked in a Telegram DM. */
  async function ask(question: string): Promise<string> {
    const reply = new RecordingReply();
    await bed.handle(
      chatMessage(question, { id: "42", type: "dm" }, { id: "42", name: "张医生" }),
      reply,
    );
    return reply.text();
  }

  it("signs in with a one-time link and shows the overview, with charts and their numbers", async () => {
    await ask("药代请我吃饭可以吗？");
    // Signing in showed the overview already; its figures are kept for a minute (of the testbed's clock).
    bed.clock.advance(61_000);
    await page.goto(bed.base);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("概览");
    const perDay = page.locator('table[data-chart="per-day"] tbody tr');
    expect(await perDay.count()).toBeGreaterThan(0);
    expect(Number(await page.locator("#n-questions").textContent())).toBeGreaterThan(0);
    await page.screenshot({ path: join(SHOTS, "overview.png"), fullPage: true });
  });

  it("pins a standard answer from the 👎 queue, and the bot gives it", async () => {
    const question = "医生可以收患者送的土特产吗？";
    await ask(question);
    const [answer] = await bed.app.records.search({ limit: 1 });
    await bed.app.records.rate(answer?.id ?? 0, -1, "没说清楚土特产", "rater-1");
    await page.goto(`${bed.base}/answers`);
    const review = page.locator("article.review", { hasText: question });
    await review.first().waitFor();
    const pinned = "不可以。医务人员不得收受患者及其亲属赠送的礼品，包括土特产；应婉言谢绝。";
    await review.getByLabel("标准答案").fill(pinned);
    await review.getByLabel("结论").selectOption("prohibited");
    if (((await review.getByLabel(/依据条款编号/).inputValue()) ?? "").trim() === "") {
      const [hit] = (await bed.app.kb.retriever.search("收受患者礼品", 1)).hits;
      await review.getByLabel(/依据条款编号/).fill(String(hit?.chunkId));
    }
    await page.screenshot({ path: join(SHOTS, "answers.png"), fullPage: true });
    await review.getByRole("button", { name: "设为标准答案" }).click();
    await page.waitForURL(/\/admin\/answers/);
    await expect.poll(() => page.locator("#curated").textContent()).toContain(pinned);
    await expect.poll(() => page.locator("article.review", { hasText: question }).count()).toBe(0);
    expect(await ask(question)).toContain(pinned);
  });

  it("uploads a .docx, lists it with its clauses, and the bot answers from it", async () => {
    const question = "医药代表什么时间可以来医院接待室？";
    expect(await ask(question)).not.toContain("每周三");
    await page.goto(`${bed.base}/documents`);
    await page
      .locator("#files")
      .setInputFiles(join(FIXTURES, "hospital-policy", "rep-reception.docx"));
    await page.getByRole("button", { name: "上传并导入" }).click();
    const result = page.locator("#upload-result");
    await expect.poll(() => result.textContent()).toContain("rep-reception.docx: added");
    await expect.poll(() => result.textContent()).toContain("错误 0 个");
    await page.goto(`${bed.base}/documents`);
    const row = page.locator("#documents tr", { hasText: "医药代表接待管理规定" });
    await expect.poll(() => row.count()).toBe(1);
    await row.getByRole("link").click();
    await expect.poll(() => page.locator("main").textContent()).toContain("每周三14:00—16:00");
    await page.screenshot({ path: join(SHOTS, "document.png"), fullPage: true });
    const answer = await ask(question);
    expect(answer).toContain("医药代表接待管理规定");
    expect(answer).toContain("每周三");
  });

  it("writes a notice with clause suggestions, publishes it, and watches delivery reach 100% on the emulated Telegram API", async () => {
    await bed.subscribe("telegram", ["-1001", "-1002", "-1003"]);
    await bed.bot.services
      .get((await import("../../../../bot/features/roster/ports.js")).ROSTER)
      .replace([]);
    await page.goto(`${bed.base}/notices`);
    await page.getByLabel("标题").fill("某医院医生收受医药代表回扣被查处");
    await page
      .getByLabel("主要违纪事实")
      .fill("2023年，某医院心内科医生李某收受医药代表给予的药品回扣共计8万元，并为其统计处方量。");
    await page.locator("#suggestions li").first().first().waitFor();
    await page.getByLabel("处理结果").fill("李某受到党内严重警告处分，违纪所得予以收缴。");
    await page.getByRole("button", { name: "生成草稿" }).click();
    await page.waitForURL(/\/admin\/notices\/\d+$/);
    await page.getByRole("heading", { name: "各平台预览" }).first().waitFor();
    await expect.poll(() => page.locator(".preview").first().textContent()).toContain("回扣");
    await page.getByRole("button", { name: "发布" }).click();
    await page.waitForURL(/\/admin\/notices\/\d+$/);
    await expect.poll(() => page.locator("#status-pending").textContent()).toBe("3");
    await page.screenshot({ path: join(SHOTS, "notice-pending.png"), fullPage: true });
    // The dispatcher `qingfeng start` runs, over the Telegram sender, on the testbed's clock.
    const sender = bed.bot.env.platforms.senders.get("telegram");
    if (!sender) throw new Error("no telegram sender");
    await bed.dispatcher({ telegram: sender }).drain(0);
    // The status section polls itself (htmx) until nothing is left to send.
    await expect
      .poll(() => page.locator("#status-pct").textContent(), { timeout: 15_000 })
      .toBe("100%");
    await expect.poll(() => page.locator("#status-sent").textContent()).toBe("3");
    expect(new Set(api.delivered.map((d) => d.chatId))).toEqual(
      new Set(["-1001", "-1002", "-1003"]),
    );
    await page.screenshot({ path: join(SHOTS, "notice.png"), fullPage: true });
    const csv = await page.request.get(`${page.url()}/acks.csv`);
    expect(csv.status()).toBe(200);
  });

  it("approves quiz drafts in bulk", async () => {
    const quiz = bed.quiz;
    const bank = bed.bot.services.get(
      (await import("../../../../bot/features/quiz/ports.js")).QUIZ,
    ).bank;
    await generateInto(bank, await allChunks(bed.app.kb.store), 12);
    const drafts = await quiz.drafts();
    expect(drafts.length).toBeGreaterThanOrEqual(4);
    await page.goto(`${bed.base}/quiz?state=draft`);
    const chosen = drafts.slice(0, 4).map((q) => q.id);
    for (const id of chosen) await page.locator(`#q-${id}`).check();
    await page.screenshot({ path: join(SHOTS, "quiz.png"), fullPage: true });
    await page.getByRole("button", { name: "批准所选" }).click();
    await page.waitForURL(/\/admin\/quiz/);
    const approved = new Set((await bank.list({ state: "approved" })).map((q) => q.id));
    for (const id of chosen) expect(approved.has(id)).toBe(true);
    expect((await quiz.drafts()).length).toBe(drafts.length - 4);
  });

  it("imports a roster, creates a campaign, and its coverage chart shows what `campaign report --json` says", async () => {
    await page.goto(`${bed.base}/roster`);
    const csv = [
      "姓名,科室,telegram_id",
      "王一,心内科,101",
      "王二,心内科,102",
      "王三,心内科,103",
      "李一,药剂科,201",
      "李二,药剂科,202",
      "坏行,,abc",
    ].join("\n");
    await page
      .getByLabel("名册 CSV 文件")
      .setInputFiles({ name: "staff.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.getByRole("button", { name: "导入" }).click();
    await expect.poll(() => page.locator("main").textContent()).toContain("line 7");
    await page.goto(`${bed.base}/roster`);
    await page.getByLabel("名册 CSV 文件").setInputFiles({
      name: "staff.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(csv.split("\n").slice(0, 6).join("\n")),
    });
    await page.getByRole("button", { name: "导入" }).click();
    await expect.poll(() => page.locator("main").textContent()).toContain("已导入 5 人");
    await page.goto(`${bed.base}/roster?q=药剂科`);
    await expect.poll(() => page.locator("#roster tbody tr").count()).toBe(2);

    await page.goto(`${bed.base}/campaigns`);
    await page.getByLabel("名称").fill("2026 年廉洁从业培训");
    await page.getByLabel("题数").fill("2");
    await page.getByLabel("截止日期").fill("2026-12-31");
    await page.getByRole("button", { name: "创建" }).click();
    await page.waitForURL(/\/admin\/campaigns\/\d+$/);
    const id = Number(/campaigns\/(\d+)$/.exec(page.url())?.[1]);
    const campaign = await bed.campaigns.get(id);
    if (!campaign) throw new Error("campaign not created");
    // Three people pass (two in 心内科, one in 药剂科).
    for (const user of ["101", "102", "201"])
      for (const q of campaign.questionIds)
        await bed.campaigns.recordAnswer(campaign, "telegram", user, q, true);
    await page.reload();
    const shown = await page
      .locator('table[data-chart="coverage-chart"] tbody tr')
      .evaluateAll((rows) =>
        rows.map((r) => [r.getAttribute("data-label"), Number(r.getAttribute("data-value"))]),
      );
    const bars = await page
      .locator("#coverage-chart rect")
      .evaluateAll((rects) =>
        rects.map((r) => [r.getAttribute("data-label"), Number(r.getAttribute("data-value"))]),
      );
    const out: string[] = [];
    const code = await main(["campaign", "report", String(id), "--json"], {
      config: bed.app.config,
      io: { out: (t) => out.push(t), err: () => {}, isTTY: false },
    });
    expect(code).toBe(0);
    const report = JSON.parse(out.join("\n")) as {
      departments: { department: string; completion: number }[];
    };
    const expected = report.departments.map((d) => [d.department, d.completion]);
    expect(expected).toEqual([
      ["心内科", 2 / 3],
      ["药剂科", 1 / 2],
    ]);
    expect(shown).toEqual(expected);
    expect(bars).toEqual(expected);
    await expect.poll(() => page.locator("#outstanding").textContent()).toContain("王三");
    await page.screenshot({ path: join(SHOTS, "campaign.png"), fullPage: true });
  });

  it("switches to English and fits a phone screen", async () => {
    const phone = await browser.newPage({ viewport: { width: 375, height: 740 } });
    await phone.context().addCookies(await page.context().cookies());
    await phone.goto(bed.base);
    await phone.getByRole("link", { name: "English" }).click();
    await expect
      .poll(() => phone.getByRole("heading", { level: 1 }).textContent())
      .toBe("Overview");
    const width = await phone.evaluate("document.documentElement.scrollWidth");
    expect(width).toBeLessThanOrEqual(375);
    await phone.screenshot({ path: join(SHOTS, "overview-phone-en.png"), fullPage: true });
    await phone.close();
  });
});
