import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../../bot/app/config.js";
import { type Bot, createBot } from "../../../../bot/app/create-bot.js";
import { type App, openApp } from "../../../../bot/app/open-app.js";
import {
  type FakeDingTalk,
  startFakeDingTalk,
} from "../../../helpers/fake-dingtalk/fake-dingtalk.js";
import {
  callbackFrame,
  cardCallbackData,
  robotMessageData,
  TOPIC_CARD,
  TOPIC_ROBOT,
} from "../../../helpers/fake-dingtalk/stream-frames.js";
import { type Harness, postsTo, readChat, startHarness } from "./dingtalk-harness.js";

const ALICE = { staffId: "alice01", nick: "李护士" };
const CAROL = { staffId: "carol03", nick: "王医生" };
const WARD = "cidWardGroup0001==";

/** Waits for a chat's card (the last part of a message with buttons). */
const cardIn = (api: FakeDingTalk, chatId: string, nth = 0) =>
  api.waitForPost(
    (p) =>
      p.chatId === chatId &&
      p.kind === "card" &&
      postsTo(api, chatId)
        .filter((q) => q.kind === "card")
        .indexOf(p) === nth,
  );

describe("DingTalk adapter: the real dingtalk-stream SDK against the emulator, with the real bot", () => {
  let dir: string;
  let app: App;
  let bot: Bot;
  let api: FakeDingTalk;
  let h: Harness;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "qingfeng-dingtalk-"));
    app = await openApp(loadConfig({ QINGFENG_DATA_DIR: dir }));
    api = await startFakeDingTalk();
    bot = await createBot(app, { admins: { dingtalk: ["admin09"] }, log: () => {} });
    h = await startHarness(api, bot.handle, { isCommand: bot.isCommand });
  });
  afterAll(async () => {
    await h?.stop();
    await api?.close();
    app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("opens the Stream connection through the gateway with the SDK's subscriptions", () => {
    expect(h.adapter.ready()).toBe(true);
    expect(api.connectionCount()).toBe(1);
    // Only the two callbacks the bot handles: not the SDK's default subscription to every event.
    expect(api.subscriptions).toEqual([
      { type: "CALLBACK", topic: TOPIC_ROBOT },
      { type: "CALLBACK", topic: TOPIC_CARD },
    ]);
    expect(api.calls.map((c) => c.path).slice(0, 2)).toEqual([
      "/v1.0/oauth2/accessToken",
      "/v1.0/gateway/connections/open",
    ]);
  });

  it("answers a DM question with the verdict and numbered citations, buttons on a card", async () => {
    const ack = await api.say({ chat: "dm", user: ALICE, text: "药代请我吃饭可以吗？" });
    expect(ack).toMatchObject({ code: 200, message: "OK" });
    const card = await cardIn(api, ALICE.staffId);
    const chat = readChat(api, ALICE.staffId);
    expect(chat.startsWith("### 🚫 禁止")).toBe(true);
    const cited = [...chat.matchAll(/^\[(\d+)\] 《([^》]+)》/gm)];
    expect(cited.length).toBeGreaterThan(0);
    expect(cited.map((m) => Number(m[1]))).toEqual(cited.map((_, i) => i + 1));
    const shipped = new Set((await app.kb.store.listDocuments()).map((d) => d.title));
    for (const [, , title] of cited) expect(shipped).toContain(title);
    expect(chat).toMatch(/^> .*(宴请|招待)/m);
    // Markdown went back through the message's session webhook; the card through the card API.
    const posts = postsTo(api, ALICE.staffId);
    expect(posts.filter((p) => p.kind === "markdown").every((p) => p.via === "webhook")).toBe(true);
    expect(posts.at(-1)).toBe(card);
    expect(card.buttons.map((b) => b.text)).toEqual(expect.arrayContaining(["👍", "👎"]));
    expect(card.buttons.find((b) => b.text === "👍")?.params.data).toMatch(/^fb:u:\d+$/);
    expect(h.spy.events.at(-1)).toMatchObject({
      platform: "dingtalk",
      chat: { id: ALICE.staffId, type: "dm" },
      user: { id: ALICE.staffId, name: ALICE.nick },
      text: "药代请我吃饭可以吗？",
      addressed: true,
    });
  });

  it("answers a group @mention in the group", async () => {
    await api.say({ chat: WARD, user: CAROL, text: "医疗机构能给科室下达创收指标吗？" });
    await cardIn(api, WARD);
    const chat = readChat(api, WARD);
    expect(chat.startsWith("### 🚫 禁止")).toBe(true);
    expect(chat).toMatch(/^\[1\] 《/m);
    expect(postsTo(api, CAROL.staffId)).toEqual([]);
    expect(h.spy.events.at(-1)).toMatchObject({
      chat: { id: WARD, type: "group", title: "测试群" },
      user: { id: CAROL.staffId },
      text: "医疗机构能给科室下达创收指标吗？",
    });
  });

  it("records a 👍 once when DingTalk redelivers the press, and thanks the presser privately once", async () => {
    await api.say({ chat: "dm", user: { staffId: "grace07" }, text: "医务人员可以收受回扣吗？" });
    const card = await cardIn(api, "grace07");
    const before = (await app.records.stats(new Date(0).toISOString())).thumbsUp;
    const first = await api.press(card, "👍", "grace07", { messageId: "press-grace-1" });
    const again = await api.press(card, "👍", "grace07", { messageId: "press-grace-1" });
    expect(first.code).toBe(200);
    expect(again.code).toBe(200);
    await h.spy.waitForEvents((e) => e.deliveryId === "card:press-grace-1", 2);
    await h.spy.settled();
    expect((await app.records.stats(new Date(0).toISOString())).thumbsUp).toBe(before + 1);
    const thanks = postsTo(api, "grace07").filter((p) => p.text.includes("谢谢反馈"));
    expect(thanks).toHaveLength(1);
    expect(h.spy.events.find((e) => e.deliveryId === "card:press-grace-1")).toMatchObject({
      type: "action",
      chat: { id: "grace07", type: "dm" },
      user: { id: "grace07" },
      data: card.buttons.find((b) => b.text === "👍")?.params.data,
    });
  });

  it("answers a redelivered message (same msgId, new frame) once", async () => {
    const input = {
      chat: "dm",
      user: { staffId: "erin05" },
      text: "药代请我吃饭可以吗？",
      msgId: "msgERIN1",
    };
    await api.say(input);
    await api.say(input);
    await h.spy.waitForEvents((e) => e.user.id === "erin05", 2);
    await h.spy.settled();
    expect(postsTo(api, "erin05").filter((p) => p.kind === "card")).toHaveLength(1);
  });

  it("ignores malformed, foreign and forged frames without crashing, and answers the next message", async () => {
    const evil = await startEvilServer();
    try {
      const before = h.spy.events.length;
      for (const raw of [
        "not json",
        "null",
        "[]",
        "42",
        '{"type":"CALLBACK"}',
        '{"type":"SYSTEM"}',
      ]) {
        api.sendRaw(raw);
      }
      // Well-formed frames whose data is not what DingTalk sends, or not for us.
      const robot = (extra: Record<string, unknown>) => ({
        ...robotMessageData(
          { chat: "dm", user: { staffId: "mallory" }, text: "药代请我吃饭可以吗？" },
          { robotCode: api.robotCode, corpId: "c" },
          { url: `${evil.url}/robot/sendBySession?session=x`, expiresAt: Date.now() + 3_600_000 },
          Date.now(),
        ),
        ...extra,
      });
      const acks = await Promise.all([
        api.deliver({ ...callbackFrame(TOPIC_ROBOT, {}), data: "{not json" }),
        api.deliver(callbackFrame(TOPIC_ROBOT, robot({ robotCode: "dingSomeoneElse" }))),
        api.deliver(callbackFrame(TOPIC_ROBOT, robot({ msgId: undefined }))),
        api.deliver(callbackFrame(TOPIC_ROBOT, robot({ conversationType: "3" }))),
        api.deliver(callbackFrame(TOPIC_ROBOT, robot({ msgtype: "picture", text: undefined }))),
        api.deliver(
          callbackFrame(
            TOPIC_CARD,
            cardCallbackData(
              {
                outTrackId: "someone-elses-card",
                userId: "mallory",
                buttonId: "b",
                params: { data: "fb:u:1" },
              },
              "c",
            ),
          ),
        ),
        api.deliver(
          callbackFrame(
            TOPIC_CARD,
            cardCallbackData(
              { outTrackId: "qf1.bWFsbG9yeQ.r1", userId: "mallory", buttonId: "b", params: {} },
              "c",
            ),
          ),
        ),
      ]);
      expect(acks.every((a) => a.code === 200)).toBe(true);
      expect(h.spy.events.length).toBe(before);
      expect(h.logs.some((l) => l.msg.startsWith("dingtalk frame ignored"))).toBe(true);

      // A message whose session webhook is not DingTalk's is answered through the API instead.
      await api.deliver(callbackFrame(TOPIC_ROBOT, robot({ msgId: "msgMALLORY" })));
      const card = await cardIn(api, "mallory");
      expect(card.kind).toBe("card");
      expect(evil.hits).toBe(0);
      expect(postsTo(api, "mallory").every((p) => p.via === "api")).toBe(true);

      await api.say({ chat: "dm", user: { staffId: "frank06" }, text: "药代请我吃饭可以吗？" });
      await cardIn(api, "frank06");
      expect(h.adapter.ready()).toBe(true);
    } finally {
      await evil.close();
    }
  });
});

/** A server standing for a host that is not DingTalk: it counts what reaches it. */
async function startEvilServer(): Promise<{ url: string; hits: number; close(): Promise<void> }> {
  const state = { url: "", hits: 0, close: async () => {} };
  const server: Server = createServer((_req, res) => {
    state.hits += 1;
    res.end('{"errcode":0}');
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}
