import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allChunks } from "../../../../knowledge/ports/knowledge-store.js";
import { generateInto } from "../../../../knowledge/quiz/quiz-curator.js";
import { SqliteQuizBank } from "../../../../knowledge/store/sqlite-quiz-bank.js";
import { ManualScheduler } from "../../../helpers/case-testbed.js";
import {
  type Delivered,
  type FakeWecom,
  startFakeWecom,
} from "../../../helpers/fake-wecom/index.js";
import { waitUntil } from "../../../helpers/fake-wecom/wait-until.js";
import { startWecomBot, type WecomBot } from "../../../helpers/fake-wecom/wecom-bot.js";

const ADMIN = "WangZhuRen";

/** The card that came with the last answer in a chat, and the key of its button whose data matches. */
function buttonOf(w: FakeWecom, chatId: string, data: RegExp): { taskId: string; key: string } {
  const cards = w.delivered.filter((d) => d.chatId === chatId && d.card).map((d) => d.card);
  for (const card of cards.reverse()) {
    const button = card?.button_list.find((b) => data.test(b.key));
    if (card && button) return { taskId: card.task_id, key: button.key };
  }
  throw new Error(`no button matching ${data} in ${chatId}`);
}

const textIn = (w: FakeWecom, chatId: string) =>
  w.delivered.filter((d) => d.chatId === chatId && d.content !== undefined);

describe("WeCom adapter: the official SDK over the emulated long connection", () => {
  let wecom: FakeWecom;
  let b: WecomBot;
  const scheduler = new ManualScheduler();

  beforeAll(async () => {
    wecom = await startFakeWecom();
    b = await startWecomBot(wecom, { admins: ADMIN, scheduler });
  });
  afterAll(async () => {
    await b?.close();
    await wecom?.close();
  });

  it("subscribes once with the bot id and secret and is ready", () => {
    const subscribes = wecom.frames.filter((f) => f.cmd === "aibot_subscribe");
    expect(subscribes).toHaveLength(1);
    expect(subscribes[0]?.body).toMatchObject({ bot_id: wecom.botId, secret: wecom.secret });
    expect(subscribes[0]?.errcode).toBe(0);
    expect(b.adapter.ready()).toBe(true);
  });

  it("answers a single-chat question in that chat with the verdict and numbered citations", async () => {
    const asked = wecom.pushMessage({ userId: "ZhangSan", text: "药代请我吃饭可以吗？" });
    const answer = await wecom.waitForDelivered(
      (d) => d.chatId === "ZhangSan" && d.via === "reply",
    );
    expect(answer.msgtype).toBe("stream");
    expect(answer.content).toMatch(/^\*\*🚫 禁止\*\*/);
    // Numbered citations: the document in 《》 after its number (escaped brackets), the clause quoted.
    expect(answer.content).toMatch(/\\\[1\\\] 《[^》]+》/);
    expect(answer.content).toMatch(/\n> \S/);
    const card = await wecom.waitForDelivered(
      (d) => d.chatId === "ZhangSan" && d.card !== undefined,
    );
    const keys = card.card?.button_list.map((k) => k.key) ?? [];
    expect(keys).toEqual(expect.arrayContaining([expect.stringMatching(/^\d+:fb:u:\d+$/)]));
    expect(card.card?.main_title.title).toBe("🚫 禁止");
    // Both went back as passive replies on the callback's req_id.
    const replies = wecom.frames.filter((f) => f.cmd === "aibot_respond_msg");
    expect(replies.every((f) => f.reqId === asked.headers.req_id && f.errcode === 0)).toBe(true);
    expect(b.events.find((e) => e.deliveryId === asked.body.msgid)).toMatchObject({
      type: "message",
      platform: "wecom",
      chat: { id: "ZhangSan", type: "dm" },
      user: { id: "ZhangSan" },
      text: "药代请我吃饭可以吗？",
      addressed: true,
    });
  });

  it("answers a group @mention in the group, with the mention dropped from the question", async () => {
    const asked = wecom.pushMessage({
      userId: "LiSi",
      chatId: "wrGROUP-ward",
      text: "@清风\u2005医疗机构能给科室下达创收指标吗？",
    });
    const answer = await wecom.waitForDelivered((d) => d.chatId === "wrGROUP-ward");
    expect(answer.via).toBe("reply");
    expect(answer.content).toMatch(/^\*\*🚫 禁止\*\*/);
    expect(textIn(wecom, "LiSi")).toHaveLength(0);
    expect(b.events.find((e) => e.deliveryId === asked.body.msgid)).toMatchObject({
      chat: { id: "wrGROUP-ward", type: "group" },
      user: { id: "LiSi" },
      text: "医疗机构能给科室下达创收指标吗？",
    });
  });

  it("records a 👍 once when WeCom delivers the press twice, and updates the card for the presser", async () => {
    wecom.pushMessage({ userId: "WangWu", text: "医务人员可以收受医药企业给的回扣吗？" });
    await wecom.waitForDelivered((d) => d.chatId === "WangWu" && d.card !== undefined);
    const up = buttonOf(wecom, "WangWu", /:fb:u:\d+$/);
    const before = (await b.app.records.stats("2000-01-01T00:00:00Z")).thumbsUp;
    const press = { userId: "WangWu", key: up.key, taskId: up.taskId, msgid: "evt-thumbs-1" };
    wecom.pushCardPress(press);
    wecom.pushCardPress(press);
    await waitUntil(() => b.events.filter((e) => e.deliveryId === "evt-thumbs-1").length === 2);
    await b.settled();
    const updates = wecom.cardUpdates.filter((u) => u.taskId === up.taskId);
    expect(updates).toHaveLength(1);
    expect(updates[0]?.userids).toEqual(["WangWu"]);
    expect(updates[0]?.card.sub_title_text).toBeTruthy();
    expect(updates[0]?.card.button_list.map((x) => x.key)).toContain(up.key);
    expect((await b.app.records.stats("2000-01-01T00:00:00Z")).thumbsUp).toBe(before + 1);
  });

  it("ignores malformed and forged frames and keeps answering", async () => {
    const before = b.events.length;
    wecom.pushRaw("{not json");
    wecom.pushRaw(Buffer.from([0xff, 0xfe, 0x00]).toString("latin1"));
    wecom.pushRaw({ cmd: "aibot_msg_callback", headers: { req_id: "r1" } });
    wecom.pushRaw({ cmd: "aibot_msg_callback", headers: { req_id: "r2" }, body: null });
    wecom.pushRaw({
      cmd: "aibot_msg_callback",
      headers: { req_id: "r3" },
      body: { msgtype: "text" },
    });
    // Another bot's callback, and one without a msgid (it could not be told from a redelivery).
    const forged = (body: Record<string, unknown>) => ({
      cmd: "aibot_msg_callback",
      headers: { req_id: `f-${Math.random()}` },
      body: {
        msgid: "m-forged",
        aibotid: wecom.botId,
        chattype: "single",
        from: { userid: "Mallory" },
        msgtype: "text",
        text: { content: "药代请我吃饭可以吗？" },
        ...body,
      },
    });
    wecom.pushRaw(forged({ aibotid: "aibOTHERBOT" }));
    wecom.pushRaw(forged({ msgid: undefined }));
    wecom.pushRaw(forged({ from: { userid: 42 } }));
    wecom.pushRaw(forged({ text: { content: { nested: true } } }));
    wecom.pushRaw(forged({ chattype: "group" })); // a group without a chatid
    wecom.pushRaw(forged({ chattype: "channel" }));
    // Card events: a key Qingfeng never made, no task_id, no event at all.
    const event = (inner: unknown) => ({
      cmd: "aibot_event_callback",
      headers: { req_id: `e-${Math.random()}` },
      body: {
        msgid: `e-${Math.random()}`,
        aibotid: wecom.botId,
        chattype: "single",
        from: { userid: "Mallory" },
        msgtype: "event",
        event: inner,
      },
    });
    wecom.pushRaw(
      event({
        eventtype: "template_card_event",
        template_card_event: { event_key: "fb:u:1", task_id: "t" },
      }),
    );
    wecom.pushRaw(
      event({ eventtype: "template_card_event", template_card_event: { event_key: "0:fb:u:1" } }),
    );
    wecom.pushRaw(event(null));
    wecom.pushRaw({ cmd: "aibot_unknown_cmd", headers: { req_id: "u1" }, body: { x: 1 } });
    wecom.pushRaw([1, 2, 3]);
    // An image in a single chat is not a question either.
    wecom.pushMessage({ userId: "Mallory", text: "", msgtype: "image" });

    const asked = wecom.pushMessage({ userId: "ZhaoLiu", text: "医保卡可以违规兑付现金吗？" });
    await wecom.waitForDelivered((d) => d.chatId === "ZhaoLiu");
    expect(b.events.slice(before).map((e) => e.deliveryId)).toEqual([asked.body.msgid]);
    expect(textIn(wecom, "Mallory")).toHaveLength(0);
    expect(b.adapter.ready()).toBe(true);
  });

  it("shows the help for a bare @mention", async () => {
    wecom.pushMessage({ userId: "LiSi", chatId: "wrGROUP-help", text: "@清风 " });
    const help = await wecom.waitForDelivered((d) => d.chatId === "wrGROUP-help");
    expect(help.content).toMatch(/提问/);
  });

  it("takes commands typed with or without a slash, and refuses admin commands to others", async () => {
    wecom.pushMessage({ userId: "ZhouQi", text: "/stats" });
    const refused = await wecom.waitForDelivered((d) => d.chatId === "ZhouQi");
    expect(refused.content).toMatch(/管理员/);
    wecom.pushMessage({ userId: ADMIN, text: "统计" });
    const stats = await wecom.waitForDelivered((d: Delivered) => d.chatId === ADMIN);
    expect(stats.content).toMatch(/近 7 天/);
  });

  it("runs quiz review and practice on card buttons: an admin approves, a user answers, the card says ✅", async () => {
    const bank = new SqliteQuizBank(b.app.kb.db);
    await generateInto(bank, await allChunks(b.app.kb.store), 20);
    wecom.pushMessage({ userId: ADMIN, text: "/quiz review" });
    await wecom.waitForDelivered(
      (d) =>
        d.chatId === ADMIN && d.card?.button_list.some((x) => /:qz:ok:\d+$/.test(x.key)) === true,
    );
    const approve = buttonOf(wecom, ADMIN, /:qz:ok:\d+$/);
    const questionId = Number(/qz:ok:(\d+)$/.exec(approve.key)?.[1]);
    // A non-admin pressing the same card is refused (and told so on their own card).
    wecom.pushCardPress({ userId: "ZhangSan", ...approve });
    wecom.pushCardPress({ userId: ADMIN, ...approve });
    await waitUntil(
      () => wecom.cardUpdates.filter((u) => u.taskId === approve.taskId).length === 2,
    );
    const updates = wecom.cardUpdates.filter((u) => u.taskId === approve.taskId);
    expect(updates.map((u) => u.userids[0])).toEqual(["ZhangSan", ADMIN]);
    expect(updates[1]?.card.sub_title_text).toBe("已通过");
    expect((await bank.get(questionId))?.state).toBe("approved");

    wecom.pushMessage({ userId: "ZhangSan", text: "练习" });
    await wecom.waitForDelivered(
      (d) =>
        d.chatId === "ZhangSan" && d.card?.button_list.some((x) => /:qz:a:/.test(x.key)) === true,
    );
    const question = await bank.get(questionId);
    const right = buttonOf(
      wecom,
      "ZhangSan",
      new RegExp(`:qz:a:${questionId}:(${question?.answer.join("|")})$`),
    );
    const before = wecom.delivered.length;
    wecom.pushCardPress({ userId: "ZhangSan", ...right });
    const outcome = await wecom.waitForDelivered(
      (d) =>
        wecom.delivered.indexOf(d) >= before && d.chatId === "ZhangSan" && d.content !== undefined,
    );
    // The outcome goes by proactive send (a press has no reply window), the card shows ✅.
    expect(outcome.via).toBe("send");
    expect(outcome.content).toContain("✅ 回答正确");
    await waitUntil(() => wecom.cardUpdates.some((u) => u.taskId === right.taskId));
    expect(wecom.cardUpdates.find((u) => u.taskId === right.taskId)?.card.sub_title_text).toBe(
      "✅",
    );
  });

  it("answers a question redelivered with the same msgid once", async () => {
    const frame = { userId: "QianShi", text: "医院可以自立项目收费吗？", msgid: "msg-twice" };
    wecom.pushMessage(frame);
    wecom.pushMessage(frame);
    await waitUntil(() => b.events.filter((e) => e.deliveryId === "msg-twice").length === 2);
    await b.settled();
    expect(textIn(wecom, "QianShi")).toHaveLength(1);
  });

  it("runs a group quiz round on cards: each member's answer acknowledged on their own card, then the reveal", async () => {
    const bank = new SqliteQuizBank(b.app.kb.db);
    const drafts = (await bank.list()).filter((q) => q.state === "draft").slice(0, 3);
    await bank.setState(
      drafts.map((q) => q.id),
      "approved",
    );
    wecom.pushMessage({ userId: "LiSi", chatId: "wrQUIZ", text: "@清风 quiz 1" });
    const asked = await wecom.waitForDelivered(
      (d) =>
        d.chatId === "wrQUIZ" && d.card?.button_list.some((x) => /:qz:a:/.test(x.key)) === true,
    );
    // The round's messages go by proactive send: the command's reply window is not theirs.
    expect(asked.via).toBe("send");
    const option = buttonOf(wecom, "wrQUIZ", /:qz:a:\d+:\d+$/);
    wecom.pushCardPress({ userId: "LiSi", chatId: "wrQUIZ", ...option });
    wecom.pushCardPress({ userId: "WangWu", chatId: "wrQUIZ", ...option });
    await waitUntil(() => wecom.cardUpdates.filter((u) => u.taskId === option.taskId).length === 2);
    const updates = wecom.cardUpdates.filter((u) => u.taskId === option.taskId);
    expect(updates.map((u) => u.userids)).toEqual([["LiSi"], ["WangWu"]]);
    expect(updates.every((u) => u.card.sub_title_text === "已作答，本题结束后公布答案。")).toBe(
      true,
    );
    await b.settled();
    expect(scheduler.fire()).toBe(30_000);
    const reveal = await wecom.waitForDelivered(
      (d) => d.chatId === "wrQUIZ" && (d.content ?? "").includes("第 1 题答案"),
    );
    expect(reveal.content).toMatch(/2 人作答/);
  });
});
