import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { TelegramAdapter } from "../../../../bot/platforms/telegram/telegram-adapter.js";
import { TelegramSender } from "../../../../bot/platforms/telegram/telegram-sender.js";
import { type CaseTestbed, openCaseTestbed, SAMPLE_CASE } from "../../../helpers/case-testbed.js";
import { FakeClock } from "../../../helpers/fake-clock.js";
import { type FakeTelegramApi, startFakeTelegramApi } from "../../../helpers/fake-telegram-api.js";

const TOKEN = "123456:TEST-TOKEN-abcdefghijklmnop";
const groups = (n: number, base: number) =>
  Array.from({ length: n }, (_, i) => String(-(base + i)));

describe("case-notice broadcast over the Bot API (real telegraf client against the emulated API)", () => {
  let clock: FakeClock;
  let bed: CaseTestbed;
  let api: FakeTelegramApi;
  let sender: TelegramSender;

  beforeAll(async () => {
    clock = new FakeClock();
    bed = await openCaseTestbed(clock);
    api = await startFakeTelegramApi();
    sender = new TelegramSender(TOKEN, api.apiRoot);
  });
  afterEach(() => {
    api.override = undefined;
  });
  afterAll(async () => {
    await api.close();
    bed.cleanup();
  });

  async function publish(tags: string[]): Promise<number> {
    const draft = await bed.cases.service.draft(SAMPLE_CASE, { by: "test" });
    await bed.cases.service.publish(draft.id, { by: "test", tags });
    return draft.id;
  }

  it("delivers one HTML message with 相关条款 / 已阅并知晓 buttons to every group and records the message ids", async () => {
    const chats = groups(50, 1000);
    await bed.subscribe("telegram", chats, ["a"]);
    const id = await publish(["a"]);
    await bed.dispatcher({ telegram: sender }).drain();

    const got = api.delivered.filter((d) => chats.includes(d.chatId));
    expect(got.map((d) => d.chatId).sort()).toEqual([...chats].sort());
    const first = got[0];
    expect(first?.payload.parse_mode).toBe("HTML");
    expect(first?.text).toContain("<b>典型案例通报：某医院医生收受回扣问题</b>");
    const buttons = (
      first?.payload.reply_markup as unknown as {
        inline_keyboard: { text: string; callback_data: string }[][];
      }
    )?.inline_keyboard.flat();
    expect(buttons).toEqual([
      { text: "相关条款", callback_data: `case:clauses:${id}` },
      { text: "已阅并知晓", callback_data: `case:ack:${id}` },
    ]);
    const rows = await bed.cases.outbox.rows((await bed.cases.outbox.broadcasts(id))[0]?.id ?? -1);
    for (const row of rows) {
      const delivered = got.find((d) => d.chatId === row.chatId);
      expect(row.messageIds).toEqual([String(delivered?.messageId)]);
    }
  });

  it("a 429 storm from the API delays the broadcast but loses and repeats nothing", async () => {
    const chats = groups(30, 2000);
    await bed.subscribe("telegram", chats, ["b"]);
    const id = await publish(["b"]);
    let limited = 0;
    api.override = (call) => {
      if (call.method !== "sendMessage" || limited >= 20) return undefined;
      limited++;
      return {
        status: 429,
        body: {
          ok: false,
          error_code: 429,
          description: "Too Many Requests: retry after 3",
          parameters: { retry_after: 3 },
        },
      };
    };
    const sleepsBefore = clock.sleeps.length;
    await bed.dispatcher({ telegram: sender }).drain();
    const got = api.delivered.filter((d) => chats.includes(d.chatId)).map((d) => d.chatId);
    expect(got.sort()).toEqual([...chats].sort());
    expect(limited).toBe(20);
    expect(clock.sleeps.slice(sleepsBefore).filter((ms) => ms >= 2_900).length).toBeGreaterThan(0);
    expect(await bed.cases.service.status(id)).toMatchObject({ sent: 30, failed: 0, pending: 0 });
  });

  it("a group that removed the bot, or no longer exists, deactivates its subscription with the reason", async () => {
    const chats = groups(3, 3000);
    await bed.subscribe("telegram", chats, ["c"]);
    const [kicked, gone, fine] = chats;
    const id = await publish(["c"]);
    api.override = (call) => {
      if (call.method !== "sendMessage") return undefined;
      if (call.payload.chat_id === kicked)
        return {
          status: 403,
          body: {
            ok: false,
            error_code: 403,
            description: "Forbidden: bot was kicked from the group chat",
          },
        };
      if (call.payload.chat_id === gone)
        return {
          status: 400,
          body: { ok: false, error_code: 400, description: "Bad Request: chat not found" },
        };
      return undefined;
    };
    await bed.dispatcher({ telegram: sender }).drain();
    expect(await bed.chats.get("telegram", kicked ?? "")).toMatchObject({
      subscribed: false,
      deactivatedReason: expect.stringContaining("kicked"),
    });
    expect(await bed.chats.get("telegram", gone ?? "")).toMatchObject({
      subscribed: false,
      deactivatedReason: expect.stringContaining("chat not found"),
    });
    expect((await bed.chats.get("telegram", fine ?? ""))?.subscribed).toBe(true);
    const report = await bed.cases.service.report(id);
    expect(report.delivery).toMatchObject({ targets: 3, reached: 1 });
    expect(report.delivery.failed.map((f) => f.chatId).sort()).toEqual([kicked, gone].sort());
    // The next notice to these tags goes to the remaining group only.
    expect((await bed.cases.service.targets(["c"])).map((c) => c.chatId)).toEqual([fine]);
  });

  it("已阅并知晓 pressed twice through the adapter counts once and answers each press", async () => {
    await bed.subscribe("telegram", ["-4000"], ["d"]);
    const id = await publish(["d"]);
    await bed.dispatcher({ telegram: sender }).drain();
    const adapter = new TelegramAdapter({
      token: TOKEN,
      apiRoot: api.apiRoot,
      handle: bed.handle,
      log: () => {},
      sleep: async () => {},
    });
    await adapter.start();
    try {
      for (const cb of ["ack-1", "ack-2"]) {
        api.push({
          callback_query: {
            id: cb,
            from: { id: 11, is_bot: false, first_name: "张三" },
            chat_instance: "x",
            data: `case:ack:${id}`,
            message: {
              message_id: 1,
              date: 0,
              chat: { id: -4000, type: "supergroup", title: "心内科" },
              text: "…",
            },
          },
        });
      }
      const first = await api.waitFor(
        (c) => c.method === "answerCallbackQuery" && c.payload.callback_query_id === "ack-1",
      );
      const second = await api.waitFor(
        (c) => c.method === "answerCallbackQuery" && c.payload.callback_query_id === "ack-2",
      );
      expect(first.payload.text).toBe("已记录：您已阅读并知晓本通报。");
      expect(second.payload.text).toBe("您已确认过，无需重复。");
      expect((await bed.cases.service.status(id)).acknowledged).toBe(1);
    } finally {
      await adapter.stop();
    }
  });
});
