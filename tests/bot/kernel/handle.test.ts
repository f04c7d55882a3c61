import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../bot/app/config.js";
import { createBot } from "../../../bot/app/create-bot.js";
import { type App, openApp } from "../../../bot/app/open-app.js";
import type { ActionEvent, MessageEvent } from "../../../bot/kernel/events.js";
import type { Handle } from "../../../bot/kernel/handle.js";
import { CHATS, type ChatDirectory, ROLES, type RoleStore } from "../../../bot/kernel/ports.js";
import { chatMessage } from "../../helpers/chat-message.js";
import { onMemory } from "../../helpers/memory-bot.js";
import { RecordingReply } from "../../helpers/recording-reply.js";

const dm = { id: "100", type: "dm" as const };
const group = { id: "-500", type: "group" as const, title: "心内科" };
const alice = { id: "1", name: "Alice" };
const admin = { id: "9", name: "Admin" };

function message(text: string, extra: Partial<MessageEvent> = {}): MessageEvent {
  return chatMessage(text, dm, alice, extra);
}

function action(data: string, extra: Partial<ActionEvent> = {}): ActionEvent {
  return { type: "action", platform: "telegram", chat: dm, user: alice, data, ...extra };
}

describe("core handle()", () => {
  let dir: string;
  let app: App;
  let handle: Handle;
  let chats: ChatDirectory;
  let roles: RoleStore;
  let now = Date.parse("2026-11-23T08:00:00Z");

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "qingfeng-core-"));
    app = await openApp(loadConfig({ QINGFENG_DATA_DIR: dir }));
    const bot = await createBot(app, {
      admins: { telegram: ["9"] },
      log: () => {},
      now: () => now,
      ...onMemory(),
    });
    handle = bot.handle;
    chats = bot.services.get(CHATS);
    roles = bot.services.get(ROLES);
  });
  afterAll(() => {
    app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers a DM with verdict, explanation, citations and feedback buttons", async () => {
    const reply = new RecordingReply();
    await handle(message("药代请我吃饭可以吗？"), reply);
    const [msg] = reply.sent;
    expect(msg?.sections[0]).toEqual({ kind: "title", text: "🚫 禁止" });
    expect(msg?.sections.some((s) => s.kind === "quote" && /宴请|招待/.test(s.text))).toBe(true);
    const data = msg?.buttons?.flat().map((b) => b.data) ?? [];
    expect(data).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^fb:u:\d+$/),
        expect.stringMatching(/^fb:d:\d+$/),
      ]),
    );
    for (const d of data) expect(Buffer.byteLength(d)).toBeLessThanOrEqual(64);
  });

  it("handles a redelivered update once", async () => {
    const reply = new RecordingReply();
    await handle(message("医保卡可以违规兑付现金吗？", { deliveryId: "u-77" }), reply);
    await handle(message("医保卡可以违规兑付现金吗？", { deliveryId: "u-77" }), reply);
    expect(reply.sent).toHaveLength(1);
  });

  it("ignores group chatter that is not addressed to the bot, answers when addressed", async () => {
    const reply = new RecordingReply();
    await handle(message("今天谁值班？", { chat: group, addressed: false }), reply);
    expect(reply.sent).toHaveLength(0);
    await handle(
      message("医疗机构能给科室下达创收指标吗？", { chat: group, addressed: true }),
      reply,
    );
    expect(reply.sent[0]?.sections[0]?.text).toBe("🚫 禁止");
  });

  it("answers privately on request, or explains how to enable DMs", async () => {
    const ok = new RecordingReply(true);
    await handle(message("私聊回答 医务人员可以收受医药企业给的回扣吗？", { chat: group }), ok);
    expect(ok.privately[0]?.sections[0]?.text).toBe("🚫 禁止");
    expect(ok.text()).toContain("已私信回复你");
    const blocked = new RecordingReply(false);
    await handle(
      message("私聊回答 医务人员可以收受医药企业给的回扣吗？", { chat: group, user: { id: "2" } }),
      blocked,
    );
    expect(blocked.text()).toContain("/start");
    expect(blocked.text()).not.toContain("禁止");
  });

  it("refuses admin commands to non-admins politely and records the attempt", async () => {
    const reply = new RecordingReply();
    await handle(message("/stats"), reply);
    expect(reply.text()).toContain("仅限管理员");
    expect((await roles.auditLog(1))[0]).toMatchObject({
      userId: "1",
      command: "stats",
      allowed: false,
    });
    const adminReply = new RecordingReply();
    await handle(message("/统计", { user: admin }), adminReply);
    expect(adminReply.text()).toMatch(/近 7 天：共 \d+ 个问题/);
  });

  it("lets an admin grant admin rights stored in the database", async () => {
    const reply = new RecordingReply();
    await handle(message("/grant 3", { user: admin }), reply);
    const stats = new RecordingReply();
    await handle(message("/stats", { user: { id: "3" } }), stats);
    expect(stats.text()).toContain("近 7 天");
    await handle(message("/revoke 3", { user: admin }), reply);
    const again = new RecordingReply();
    await handle(message("/stats", { user: { id: "3" } }), again);
    expect(again.text()).toContain("仅限管理员");
  });

  it("subscribes a group when a group admin asks, not an ordinary member", async () => {
    const member = new RecordingReply();
    await handle(message("/subscribe 心内科 本部", { chat: group }), member);
    expect(member.text()).toContain("仅限管理员");
    const groupAdmin = new RecordingReply();
    await handle(
      message("/订阅 心内科 本部", { chat: group, user: { id: "5", isChatAdmin: true } }),
      groupAdmin,
    );
    expect(await chats.get("telegram", group.id)).toMatchObject({
      subscribed: true,
      tags: ["心内科", "本部"],
    });
  });

  it("lets the terminal's chat subscribe from its DM, and no DM on a network platform", async () => {
    const telegramDm = new RecordingReply();
    await handle(message("/subscribe", { user: admin }), telegramDm);
    expect(telegramDm.text()).toContain("请在群组中使用订阅命令");
    expect((await chats.get("telegram", dm.id))?.subscribed).not.toBe(true);
    const terminal = new RecordingReply();
    const local = { id: "console", type: "dm" as const };
    await handle(
      message("/subscribe", { platform: "console", chat: local, user: { id: "console" } }),
      terminal,
    );
    expect(terminal.text()).toContain("本群已订阅典型案例通报");
    expect((await chats.get("console", local.id))?.subscribed).toBe(true);
  });

  it("records 👎 with the reason typed next, and 👍 once per user", async () => {
    const reply = new RecordingReply();
    await handle(message("医院能否在药品购销中不开具票据或者账货不一致？"), reply);
    const down = reply.sent[0]?.buttons?.flat().find((b) => b.data.startsWith("fb:d:"));
    const answerId = Number(down?.data.split(":")[2]);
    await handle(action(`fb:d:${answerId}`), reply);
    expect(reply.acks.at(-1)).toBe("谢谢反馈！");
    await handle(message("引用的是旧文件"), reply);
    expect(reply.text()).toContain("已记录");
    const review = (await app.records.openReviews()).find((f) => f.answerId === answerId);
    expect(review?.reason).toBe("引用的是旧文件");
  });

  it("counts a 👍 or 👎 pressed twice at once as one, and attaches the reason typed next", async () => {
    const reply = new RecordingReply();
    await handle(message("药品回扣可以收吗？"), reply);
    const up = reply.sent[0]?.buttons?.flat().find((b) => b.data.startsWith("fb:u:"));
    const answerId = Number(up?.data.split(":")[2]);
    expect(await app.records.getAnswer(answerId)).toMatchObject({ question: "药品回扣可以收吗？" });
    const since = new Date(0).toISOString();
    const before = await app.records.stats(since);
    await Promise.all([
      handle(action(`fb:u:${answerId}`), reply),
      handle(action(`fb:u:${answerId}`), reply),
    ]);
    expect((await app.records.stats(since)).thumbsUp).toBe(before.thumbsUp + 1);

    await Promise.all([
      handle(action(`fb:d:${answerId}`), reply),
      handle(action(`fb:d:${answerId}`), reply),
    ]);
    await handle(message("条款已废止"), reply);
    const after = await app.records.stats(since);
    expect({ up: after.thumbsUp, down: after.thumbsDown }).toEqual({
      up: before.thumbsUp,
      down: before.thumbsDown + 1,
    });
    const reviews = (await app.records.openReviews()).filter((f) => f.answerId === answerId);
    expect(reviews.map((f) => f.reason)).toEqual(["条款已废止"]);
  });

  it("expands a citation to its full clause", async () => {
    const reply = new RecordingReply();
    await handle(message("药代请我吃饭可以吗？"), reply);
    const folded = reply.sent[0]?.sections.find((s) => s.kind === "collapsed");
    // The first shown clause, folded in the reply, opens with full:<answer>:<n>.
    expect(folded?.open.data).toMatch(/^full:\d+:1$/);
    const answerId = Number(folded?.open.data.split(":")[1]);
    const excerpt = reply.sent[0]?.sections.find((s) => s.kind === "quote")?.text ?? "";
    expect(folded?.text).toContain(excerpt.replace(/^…|…$/g, "").split("…")[0]);
    await handle(action(`full:${answerId}:1`), reply);
    const full = reply.sent.at(-1)?.sections.find((s) => s.kind === "quote")?.text ?? "";
    // The whole clause the excerpt was cut from: a rule on meals paid by others.
    expect(full).toContain(excerpt.replace(/^…|…$/g, "").split("…")[0]);
    expect(full.length).toBeGreaterThanOrEqual(excerpt.replace(/…/g, "").length);
    expect(full).toMatch(/宴请|招待/);
    await handle(action("full:999999:1"), reply);
    expect(reply.acks.at(-1)).toBe("这条回答已找不到了。");
  });

  it("rate-limits one flooding user without starving another", async () => {
    const flood = new RecordingReply();
    for (let i = 0; i < 8; i++)
      await handle(message("什么是一案四改？", { chat: group, user: { id: "66" } }), flood);
    expect(flood.text()).toContain("提问有点频繁");
    const other = new RecordingReply();
    await handle(message("什么是一案四改？", { chat: group, user: { id: "67" } }), other);
    expect(other.sent[0]?.sections[0]?.text).toBe("ℹ️ 说明");
    now += 10 * 60_000;
    const later = new RecordingReply();
    await handle(message("什么是一案四改？", { chat: group, user: { id: "66" } }), later);
    expect(later.sent[0]?.sections[0]?.text).toBe("ℹ️ 说明");
  });

  it("refuses a 10 MB message politely and keeps working", async () => {
    const reply = new RecordingReply();
    await handle(message("回".repeat(10 * 1024 * 1024)), reply);
    expect(reply.text()).toContain("问题太长");
    const next = new RecordingReply();
    await handle(message("/help"), next);
    expect(next.text()).toContain("清风");
  });
});
