import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CommandContext, openBot } from "../../bot/app/cli/context.js";
import { type Config, loadConfig } from "../../bot/app/config.js";
import type { Bot } from "../../bot/app/create-bot.js";
import type { App } from "../../bot/app/open-app.js";
import { main } from "../../bot/cli.js";
import { BROADCAST } from "../../bot/features/broadcast/ports.js";
import { CAMPAIGNS } from "../../bot/features/campaigns/ports.js";
import { CASES } from "../../bot/features/cases/ports.js";
import { QUIZ } from "../../bot/features/quiz/ports.js";
import { ROSTER } from "../../bot/features/roster/ports.js";

/** What tests/fixtures/legacy-data-dir.make.mjs wrote with release fd98554. */
interface Expected {
  schemaVersion: number;
  documents: string[];
  chunks: number;
  notices: { id: number; title: string; status: string }[];
  broadcasts: number;
  outbox: { id: number; kind: string; platform: string; chatId: string; state: string }[];
  acknowledgements: { noticeId: number; platform: string; userId: string }[];
  roster: { name: string; department: string; telegramId?: string; slackId?: string }[];
  questions: Record<string, number>;
  campaigns: { id: number; name: string }[];
  campaignProgress: number;
  subscribedChats: number;
}

const fixtures = join(import.meta.dirname, "../fixtures");
const expected = JSON.parse(
  readFileSync(join(fixtures, "legacy-data-dir.expect.json"), "utf8"),
) as Expected;

/**
 * A data directory made by the release before the restructuring opens through
 * the path `qingfeng start` and every CLI verb take (openBot: migrations, then
 * every feature's stores) with nothing lost.
 */
describe("a data directory made by release fd98554", () => {
  let dir: string;
  let config: Config;
  let app: App;
  let bot: Bot;
  const ctx = (out: string[]): CommandContext => ({
    config,
    io: { out: (t) => out.push(t), err: () => {}, isTTY: false },
  });
  const cliOut = async (...argv: string[]) => {
    const out: string[] = [];
    const code = await main(argv, ctx(out));
    expect(code, argv.join(" ")).toBe(0);
    return out;
  };
  const cli = async (...argv: string[]) => JSON.parse((await cliOut(...argv)).join("\n"));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "qingfeng-legacy-"));
    cpSync(join(fixtures, "legacy-data-dir"), join(dir, "data"), { recursive: true });
    config = loadConfig({ QINGFENG_DATA_DIR: join(dir, "data") });
    ({ app, bot } = await openBot(ctx([])));
  });
  afterAll(() => {
    app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps every document, none added (the shipped corpus is not ingested over it)", async () => {
    expect(app.firstIngest).toBeUndefined();
    expect((await app.kb.store.counts()).documents).toBe(expected.documents.length);
    expect((await app.kb.store.counts()).chunks).toBe(expected.chunks);
    const docs = (await cli("docs", "--json")) as { title: string }[];
    expect(docs.map((d) => d.title)).toEqual(expected.documents);
  });

  it("answers from each document's clauses, citing it", async () => {
    const questions: Record<string, string> = {
      XX市第一人民医院医务人员廉洁从业实施细则: "医务人员可以收受医药代表的回扣吗",
      XX市第一人民医院医药代表接待管理规定: "接待医药代表应当在什么地点",
    };
    for (const title of expected.documents) {
      const question = questions[title];
      expect(question, `a question for ${title}`).toBeDefined();
      const answer = (await cli("ask", question ?? "", "--json")) as {
        verdict: string;
        citations: { title: string; text: string }[];
      };
      expect(answer.verdict).not.toBe("unknown");
      expect(answer.citations.map((c) => c.title)).toContain(title);
    }
  });

  it("keeps the notices, their outbox rows (sent and pending) and acknowledgements", async () => {
    const cases = bot.services.get(CASES);
    const notices = await cases.service.list();
    expect(notices.map((n) => ({ id: n.id, title: n.title, status: n.status })).reverse()).toEqual(
      expected.notices,
    );
    for (const n of notices) expect(n.clauses.length).toBeGreaterThan(0);

    const outbox = bot.services.get(BROADCAST).outbox;
    const broadcasts = new Set<number>();
    for (const want of expected.outbox) {
      const row = await outbox.row(want.id);
      expect(row, `outbox row ${want.id}`).toBeDefined();
      if (!row) continue;
      broadcasts.add(row.broadcastId);
      const kind = (await outbox.broadcast(row.broadcastId))?.kind;
      expect({
        id: row.id,
        kind,
        platform: row.platform,
        chatId: row.chatId,
        state: row.state,
      }).toEqual(want);
      if (row.state === "sent") expect(row.messageIds.length).toBeGreaterThan(0);
    }
    expect(broadcasts.size).toBe(expected.broadcasts);
    expect(await outbox.row(expected.outbox.length + 1)).toBeUndefined();

    const acks = (await Promise.all(expected.notices.map((n) => cases.store.acks(n.id))))
      .flat()
      .map((a) => ({ noticeId: a.noticeId, platform: a.platform, userId: a.userId }))
      .sort((a, b) => `${a.platform}:${a.userId}`.localeCompare(`${b.platform}:${b.userId}`));
    expect(acks).toEqual(expected.acknowledgements);
    const status = await cases.service.status(1);
    expect(status.acknowledged).toBe(2);
    expect(status.sent).toBe(2);
  });

  it("keeps the roster with each member's platform ids, and finds members by them", async () => {
    const roster = bot.services.get(ROSTER);
    // The release stored ids in telegram_id / slack_id columns; they are identity rows now.
    const members = expected.roster.map(({ name, department, telegramId, slackId }) => ({
      name,
      department,
      ids: {
        ...(telegramId ? { telegram: telegramId } : {}),
        ...(slackId ? { slack: slackId } : {}),
      },
    }));
    expect(await roster.all()).toEqual(members);
    expect(JSON.parse((await cliOut("roster", "list", "--json")).join("\n"))).toEqual(members);
    for (const m of members)
      for (const [platform, userId] of Object.entries(m.ids))
        expect((await roster.byUser(platform, userId))?.name).toBe(m.name);
    const columns = app.kb.db.prepare("SELECT name FROM pragma_table_info('roster')").all();
    expect(columns.map((c) => (c as { name: string }).name)).toEqual(["id", "name", "department"]);

    // The case report reads acknowledgements against the roster through those ids.
    const report = await bot.services.get(CASES).service.report(1);
    expect(report.outsideRoster).toEqual([]);
    expect(
      report.people.filter((p) => p.acknowledgedAt).map((p) => [p.name, p.platform, p.userId]),
    ).toEqual([
      ["张医生", "telegram", "1001"],
      ["王药师", "slack", "U0003"],
    ]);
  });

  it("keeps the question bank and the campaign with its progress", async () => {
    const bank = bot.services.get(QUIZ).bank;
    for (const [state, count] of Object.entries(expected.questions))
      expect(await bank.list({ state: state as "draft" })).toHaveLength(count);
    // Questions of that time are for no audience in particular and none is admin-only
    // (migration 12); staff practice still asks the approved ones.
    for (const q of await bank.list()) expect([q.audiences, q.adminOnly]).toEqual([[], false]);
    const columns = app.kb.db.prepare("SELECT name FROM pragma_table_info('quiz_questions')").all();
    expect(columns.map((c) => (c as { name: string }).name)).toEqual(
      expect.arrayContaining(["conduct", "audiences", "admin_only"]),
    );
    const practice = await bot.services.get(QUIZ).service.nextPractice("telegram", "1001");
    expect(practice?.state).toBe("approved");

    const campaigns = bot.services.get(CAMPAIGNS);
    const list = await campaigns.list();
    expect(list.map((c) => ({ id: c.id, name: c.name }))).toEqual(expected.campaigns);
    const report = await campaigns.report(1);
    expect(report.expected).toBe(4);
    const done = report.people.filter((p) => p.done);
    expect(done).toHaveLength(expected.campaignProgress);
    expect(done[0]).toMatchObject({ name: "张医生", platform: "telegram", userId: "1001" });

    // The reminder three days before the due date goes by DM to every id of everyone not done.
    const campaign = list[0];
    if (!campaign) throw new Error("no campaign");
    expect(await campaigns.plan(campaign.dueAt - 3 * 86_400_000 + 60_000)).toBe(1);
    const outbox = bot.services.get(BROADCAST).outbox;
    const reminder = await outbox.broadcast(expected.broadcasts + 1);
    expect(reminder?.kind).toBe("campaign");
    expect(
      (await outbox.rows(reminder?.id ?? -1)).map((r) => `${r.platform}:${r.chatId}`).sort(),
    ).toEqual(["slack:U0003", "slack:U0004", "telegram:1002", "telegram:1004"]);
  });
});
