import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BROADCAST } from "../../../../bot/features/broadcast/ports.js";
import { CASES } from "../../../../bot/features/cases/ports.js";
import { SAMPLE_CASE } from "../../../helpers/case-testbed.js";
import {
  cardButtons,
  cardTexts,
  FAKE_APP,
  type FakeChatRef,
  type SentMessage,
} from "../../../helpers/fake-feishu/index.js";
import { type FeishuHarness, openFeishuHarness } from "./feishu-harness.js";

const ADMIN = { openId: "ou_admin000000000000000000000000001" };
const NURSE = { openId: "ou_nurse000000000000000000000000002" };
const OWNER = { openId: "ou_owner000000000000000000000000003" };
const nurseDm: FakeChatRef = { id: "oc_dm_nurse", type: "p2p" };
const ward: FakeChatRef = { id: "oc_ward_cardiology", type: "group" };

const inChat = (h: FeishuHarness, chatId: string) =>
  h.fake.api.messages.filter((m) => m.chat_id === chatId);
const texts = (m: SentMessage | undefined) => (m ? cardTexts(m.card) : []);

describe("Feishu adapter: the real SDK's WSClient and Client against the emulator", () => {
  let h: FeishuHarness;

  beforeAll(async () => {
    h = await openFeishuHarness({ admins: [ADMIN.openId] });
    h.fake.api.chats.set(ward.id, { mode: "group", owner: OWNER.openId, state: "ok" });
    await h.adapter.start();
  });
  afterAll(async () => {
    await h?.close();
  });

  it("starts with a tenant token, the bot's identity and one long connection, then is ready", async () => {
    const paths = h.fake.api.calls.map((c) => c.path);
    expect(paths).toContain("/open-apis/auth/v3/tenant_access_token/internal");
    expect(paths).toContain("/open-apis/bot/v3/info");
    expect(paths).toContain("/callback/ws/endpoint");
    expect(h.fake.gateway.open).toBe(1);
    expect(h.adapter.ready()).toBe(true);
    expect(h.adapter.routes()).toEqual([]);
  });

  it("answers a DM question with the verdict and numbered citations of the shipped corpus, with 👍/👎", async () => {
    const { ack } = await h.fake.say(nurseDm, NURSE, "药代请我吃饭可以吗？");
    // Acknowledged before the answer exists: the core runs behind the ack.
    expect(ack.code).toBe(200);
    const answer = await h.fake.api.waitForMessage((m) => m.chat_id === nurseDm.id);
    expect(answer.reply_to).toBeUndefined();
    expect(answer.card.header?.title?.content).toBe("🚫 禁止");
    expect(answer.card.header?.template).toBe("red");
    const cited = texts(answer).flatMap((t) => [...t.matchAll(/^\[(\d+)\] 《([^》]+)》/gm)]);
    expect(cited.length).toBeGreaterThan(0);
    expect(cited.map((m) => Number(m[1]))).toEqual(cited.map((_, i) => i + 1));
    const shipped = new Set((await h.app.kb.store.listDocuments()).map((d) => d.title));
    for (const [, , title] of cited) expect(shipped).toContain(title);
    expect(texts(answer).some((t) => t.startsWith("┃ ") && /宴请|招待/.test(t))).toBe(true);
    const labels = cardButtons(answer.card).map((b) => b.label);
    expect(labels).toEqual(expect.arrayContaining(["👍", "👎"]));
    expect(answer.uuid).toMatch(/^qingfeng-[0-9a-f]{24}-0$/);
  });

  it("answers a redelivered message once", async () => {
    const asked = await h.talk(nurseDm, NURSE, "医生可以收患者家属送的购物卡吗？");
    const answers = () => inChat(h, nurseDm.id).length;
    const before = answers();
    const seen = h.spy.events.length;
    await h.fake.redeliver(asked.eventId);
    await h.spy.waitForEvents(seen + 1);
    await h.spy.settled();
    expect(answers()).toBe(before);
  });

  it("answers a group @mention in the group, as a reply to the question; ignores group talk that does not mention it", async () => {
    const before = h.spy.events.length;
    const quiet = await h.fake.say(ward, NURSE, "今天食堂吃什么？", { mention: false });
    const asked = await h.fake.say(ward, NURSE, "医生可以收患者的红包吗？");
    expect([quiet.ack.code, asked.ack.code]).toEqual([200, 200]);
    const answer = await h.fake.api.waitForMessage((m) => m.reply_to === asked.messageId);
    expect(answer.chat_id).toBe(ward.id);
    expect(answer.card.header?.title?.content).toBe("🚫 禁止");
    await h.spy.waitForEvents(before + 2);
    await h.spy.settled();
    const [unaddressed, addressed] = h.spy.events.slice(before);
    expect(unaddressed).toMatchObject({ type: "message", addressed: false });
    // The bot's mention is removed from what the core reads.
    expect(addressed).toMatchObject({ addressed: true, text: "医生可以收患者的红包吗？" });
    expect(h.fake.api.messages.some((m) => m.reply_to === quiet.messageId)).toBe(false);
  });

  it("runs a group admin command for the group's owner and refuses it to a member", async () => {
    await h.talk(ward, NURSE, "/subscribe");
    await h.talk(ward, OWNER, "subscribe");
    const said = inChat(h, ward.id).flatMap(texts);
    expect(said).toContain("本群已订阅典型案例通报。");
    expect(said.some((t) => t.includes("仅限管理员"))).toBe(true);
    expect(h.spy.events.at(-1)).toMatchObject({ command: { name: "subscribe" } });
  });

  it("records 👍 once when Feishu redelivers the press, and shows the thanks as a toast once", async () => {
    await h.talk(nurseDm, NURSE, "医务人员可以收受医药企业给的回扣吗？");
    const answer = inChat(h, nurseDm.id).at(-1) as SentMessage;
    const up = cardButtons(answer.card).find((b) => b.label === "👍");
    expect(up?.data).toMatch(/^fb:u:\d+$/);
    const since = new Date(0).toISOString();
    const before = (await h.app.records.stats(since)).thumbsUp;
    const first = await h.fake.press(nurseDm.id, NURSE, up?.data ?? "", {
      messageId: answer.message_id,
    });
    const again = await h.fake.redeliver(first.eventId);
    expect(first.ack.result).toEqual({ toast: { type: "info", content: "谢谢反馈！" } });
    expect(again.code).toBe(200);
    expect(again.result).toBeUndefined();
    expect((await h.app.records.stats(since)).thumbsUp).toBe(before + 1);
  });

  it("a redelivered 👎 asks for the reason once", async () => {
    await h.talk(nurseDm, NURSE, "可以接受药企赞助的旅游吗？");
    const answer = inChat(h, nurseDm.id).at(-1);
    const down = cardButtons(answer?.card ?? {}).find((b) => b.label === "👎");
    const pressed = await h.tap(nurseDm.id, NURSE, down?.data ?? "");
    const seen = h.spy.events.length;
    await h.fake.redeliver(pressed.eventId);
    // The redelivery reaches the kernel, which recognises its event_id.
    await h.spy.waitForEvents(seen + 1);
    await h.spy.settled();
    const prompts = inChat(h, nurseDm.id).filter((m) =>
      texts(m).some((t) => t.includes("说明哪里不对")),
    );
    expect(prompts).toHaveLength(1);
  });

  it("delivers a case notice as a card and counts 已阅并知晓 once through a redelivery", async () => {
    await h.talk(ward, OWNER, "/subscribe");
    const cases = h.bot.services.get(CASES);
    const draft = await cases.service.draft(SAMPLE_CASE, { by: "test" });
    await cases.service.publish(draft.id, { by: "test" });
    await h.bot.services.get(BROADCAST).dispatcher({ clock: h.clock }).drain();
    const notice = inChat(h, ward.id).find((m) =>
      texts(m).some((t) => t.includes("典型案例通报：某医院医生收受回扣问题")),
    );
    const ack = cardButtons(notice?.card ?? {}).find((b) => b.label === "已阅并知晓");
    expect(ack?.data).toBe(`case:ack:${draft.id}`);
    expect(notice?.uuid).toMatch(/^qf-o\d+-0-[0-9a-f]{16}$/);

    const first = await h.fake.press(ward.id, NURSE, ack?.data ?? "", {
      messageId: notice?.message_id,
    });
    const redelivered = await h.fake.redeliver(first.eventId);
    const second = await h.fake.press(ward.id, NURSE, ack?.data ?? "");
    expect(first.ack.result).toEqual({
      toast: { type: "info", content: "已记录：您已阅读并知晓本通报。" },
    });
    expect(redelivered.result).toBeUndefined();
    expect(second.ack.result).toEqual({
      toast: { type: "info", content: "您已确认过，无需重复。" },
    });
    expect(await cases.service.status(draft.id)).toMatchObject({ sent: 1, acknowledged: 1 });
  });

  it("ignores malformed and forged frames without crashing or reconnecting, then answers the next message", async () => {
    const { gateway } = h.fake;
    const events = h.spy.events.length;
    const accepted = gateway.accepted;
    const sent = h.fake.api.messages.length;
    gateway.pushRaw(new Uint8Array([0xff, 0x00, 0x13, 0x37, 0x42]));
    const event = (payload: string, headers: Record<string, string> = {}) => ({
      SeqID: 1,
      LogID: 1,
      service: 7,
      method: 1,
      headers: Object.entries({
        type: "event",
        message_id: "m-x",
        sum: "1",
        seq: "0",
        ...headers,
      }).map(([key, value]) => ({ key, value })),
      payload: new TextEncoder().encode(payload),
    });
    gateway.pushRaw(event("{not json"));
    gateway.pushRaw(event("{}", { message_id: "m-y", sum: "0", seq: "5" }));
    const forged = (over: Record<string, unknown>, message: Record<string, unknown> = {}) => ({
      schema: "2.0",
      header: {
        event_id: `ev_forged_${Math.random()}`,
        event_type: "im.message.receive_v1",
        app_id: FAKE_APP.appId,
        ...over,
      },
      event: {
        sender: { sender_id: { open_id: NURSE.openId }, sender_type: "user" },
        message: {
          message_id: "om_forged",
          chat_id: nurseDm.id,
          chat_type: "p2p",
          message_type: "text",
          content: JSON.stringify({ text: "药代请我吃饭可以吗？" }),
          ...message,
        },
      },
    });
    const acks = await Promise.all([
      h.fake.push(forged({ app_id: "cli_ffffffffffffffff" })),
      h.fake.push(forged({}, { content: "{broken" })),
      h.fake.push(forged({}, { message_type: "image", content: '{"image_key":"img_1"}' })),
      h.fake.push(forged({ event_id: undefined })),
      h.fake.push({ ...forged({}), event: { sender: { sender_type: "app" }, message: null } }),
      h.fake.push({
        schema: "2.0",
        header: { event_type: "card.action.trigger", app_id: FAKE_APP.appId, event_id: "ev_f1" },
        event: {
          operator: { open_id: NURSE.openId },
          action: { value: { qf: "x".repeat(65) } },
          context: { open_chat_id: nurseDm.id },
        },
      }),
      h.fake.push({
        schema: "2.0",
        header: { event_type: "card.action.trigger", app_id: FAKE_APP.appId, event_id: "ev_f2" },
        event: {
          operator: { open_id: NURSE.openId },
          action: { value: "fb:u:1" },
          context: { open_chat_id: nurseDm.id },
        },
      }),
    ]);
    // An envelope that is JSON null: the SDK drops it without an acknowledgement.
    gateway.pushRaw(event("null", { message_id: "m-z" }));
    expect(acks.every((a) => a.code === 200)).toBe(true);
    await h.fake.say(nurseDm, NURSE, "医院可以自立项目收费吗？");
    await h.spy.waitForEvents(events + 1);
    await h.spy.settled();
    expect(h.spy.events.length).toBe(events + 1);
    expect(h.fake.api.messages.length).toBe(sent + 1);
    expect(gateway.accepted).toBe(accepted);
    expect(h.adapter.ready()).toBe(true);
  });
});
