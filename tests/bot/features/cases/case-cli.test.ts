import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../../bot/app/config.js";
import { main } from "../../../../bot/cli.js";
import { SqliteChatStore } from "../../../../bot/features/groups/sqlite-chat-store.js";
import { localDateTime } from "../../../../lib/local-time.js";
import { type FakeTelegramApi, startFakeTelegramApi } from "../../../helpers/fake-telegram-api.js";

describe("qingfeng case / roster (CLI contract)", () => {
  let dir: string;
  let api: FakeTelegramApi;
  const run = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const config = loadConfig({
      QINGFENG_DATA_DIR: join(dir, "data"),
      TELEGRAM_BOT_TOKEN: "123456:TEST-TOKEN-abcdefghijklmnop",
      TELEGRAM_API_ROOT: api.apiRoot,
    });
    const code = await main(argv, {
      config,
      io: { out: (t) => out.push(t), err: (t) => err.push(t), isTTY: false },
    });
    return { code, out: out.join("\n"), err: err.join("\n") };
  };
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "qingfeng-case-cli-"));
    api = await startFakeTelegramApi();
  });
  afterAll(async () => {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("add → publish → status → send → report: the documented JSON shapes", async () => {
    const md = file(
      "case.md",
      "# 某医院医生违规统方问题\n\n## 基本案情\n某医院医生孙某为医药代表统计科室医生的药品处方量，收取好处费1万元。\n\n## 处理结果\n孙某受到记过处分。\n",
    );
    const added = await run("case", "add", md, "--json");
    expect(added.code).toBe(0);
    const draft = JSON.parse(added.out);
    expect(Object.keys(draft)).toEqual(expect.arrayContaining(["id", "title", "linkedClauses"]));
    expect(draft.title).toBe("某医院医生违规统方问题");
    expect(draft.linkedClauses.length).toBeGreaterThan(0);
    for (const c of draft.linkedClauses)
      expect(Object.keys(c)).toEqual(expect.arrayContaining(["text", "title", "year", "section"]));
    expect(
      draft.linkedClauses.some((c: { text: string }) => /统计医师个人及临床科室/.test(c.text)),
    ).toBe(true);

    // No group subscribed yet: a clear refusal, and the draft stays a draft.
    const refused = await run("case", "publish", String(draft.id));
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/CASE_NO_TARGETS/);

    const db = new Database(join(dir, "data", "qingfeng.db"));
    const chats = new SqliteChatStore(db);
    for (const [id, tag] of [
      ["-71", "心内科"],
      ["-72", "外科"],
    ] as const) {
      await chats.seen("telegram", { id, type: "group", title: tag });
      await chats.subscribe("telegram", id, [tag], "test");
    }
    db.close();

    expect(
      (
        await run(
          "case",
          "publish",
          String(draft.id),
          "--tags",
          "心内科,外科",
          "--at",
          "not-a-date",
        )
      ).err,
    ).toMatch(/ISO-8601/);
    const published = await run("case", "publish", String(draft.id), "--tags", "心内科,外科");
    expect(published.code).toBe(0);
    expect(published.out).toContain("2 groups queued");
    expect(published.out).not.toMatch(/\b1 groups\b/);
    expect(JSON.parse((await run("case", "status", String(draft.id), "--json")).out)).toEqual({
      targets: 2,
      sent: 0,
      pending: 2,
      failed: 0,
      acknowledged: 0,
    });
    expect((await run("case", "send")).code).toBe(0);
    expect(api.delivered.map((d) => d.chatId).sort()).toEqual(["-71", "-72"]);
    expect(JSON.parse((await run("case", "status", String(draft.id), "--json")).out)).toMatchObject(
      { sent: 2, pending: 0 },
    );

    const list = JSON.parse((await run("case", "list", "--json")).out);
    expect(list[0]).toMatchObject({ id: draft.id, status: "published" });
    const again = await run("case", "publish", String(draft.id));
    expect(again.err).toMatch(/CASE_IMMUTABLE/);

    // Roster: a bad file changes nothing; a good one makes the report per department.
    const bad = await run(
      "roster",
      "import",
      file("bad.csv", "name,department,telegram_id\n张三,心内科,abc\n"),
    );
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/ROSTER_INVALID[\s\S]*line 2/);
    const good = await run(
      "roster",
      "import",
      file("staff.csv", "姓名,科室,Telegram\n张三,心内科,11\n李四,外科,12\n"),
    );
    expect(good.out).toContain("Imported 2 people in 2 departments");
    expect((await run("roster", "import", file("bad2.csv", "name,department\n,\n"))).code).toBe(1);
    expect(JSON.parse((await run("roster", "list", "--json")).out)).toHaveLength(2);
    expect((await run("roster", "export")).out.replace(/^\uFEFF/, "").split("\r\n")).toEqual([
      "name,department,telegram_id",
      "李四,外科,12",
      "张三,心内科,11",
    ]);

    const csv = await run("case", "report", String(draft.id), "--csv");
    const lines = csv.out.replace(/^\uFEFF/, "").split("\r\n");
    expect(lines[0]).toBe("name,department,platform,user_id,acknowledged,acknowledged_at");
    expect(lines).toEqual(expect.arrayContaining(["张三,心内科,,11,no,", "李四,外科,,12,no,"]));
    const text = await run("case", "report", String(draft.id));
    expect(text.out).toContain("送达：2/2 个群");
    expect(text.out).toContain("未确认：李四（外科）、张三（心内科）");
  });

  it("adding the same file twice warns and keeps one draft; list shows local times", async () => {
    const md = file(
      "twice.md",
      "# 某医院收受红包问题\n\n## 基本案情\n某医院外科医生周强收受患者家属红包2000元。\n",
    );
    const first = JSON.parse((await run("case", "add", md, "--json")).out);
    const before = JSON.parse((await run("case", "list", "--json")).out).length;
    const second = await run("case", "add", md, "--json");
    expect(second.code).toBe(0);
    expect(second.err).toContain(`identical to draft #${first.id}`);
    expect(JSON.parse(second.out)).toMatchObject({ id: first.id, identicalToDraft: first.id });
    expect(JSON.parse((await run("case", "list", "--json")).out)).toHaveLength(before);

    const shown = JSON.parse((await run("case", "show", String(first.id), "--json")).out);
    const list = (await run("case", "list")).out;
    expect(list).toContain(`(drafted ${localDateTime(shown.createdAt, 480)})`);
    expect(list).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
  });

  it("refuses unreadable, binary and unknown input with clear codes", async () => {
    expect((await run("case", "add", join(dir, "missing.md"))).err).toMatch(
      /CASE_INVALID.*cannot read/,
    );
    const bin = join(dir, "bin.md");
    writeFileSync(bin, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]));
    expect((await run("case", "add", bin)).err).toMatch(/binary/);
    expect((await run("case", "show", "999")).err).toMatch(/CASE_NOT_FOUND/);
    expect((await run("case", "frobnicate")).code).toBe(2);
  });
});
