import { mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../../bot/app/config.js";
import { createBot } from "../../../../bot/app/create-bot.js";
import { startHttpServer } from "../../../../bot/app/http-server.js";
import { type App, openApp } from "../../../../bot/app/open-app.js";
import type { Handle } from "../../../../bot/kernel/handle.js";
import { EXPANDABLE } from "../../../../bot/platforms/telegram/render-html.js";
import { TelegramAdapter } from "../../../../bot/platforms/telegram/telegram-adapter.js";
import {
  FAKE_TG_BOT,
  type FakeTelegramApi,
  startFakeTelegramApi,
  textUpdate,
} from "../../../helpers/fake-telegram-api.js";

const TOKEN = "123456:TEST-TOKEN-abcdefghijklmnop";

describe("Telegram adapter (telegraf, long polling against a Bot API fake)", () => {
  let dir: string;
  let app: App;
  let handle: Handle;
  let api: FakeTelegramApi;
  let adapter: TelegramAdapter;
  const sleeps: number[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "qingfeng-tg-"));
    app = await openApp(loadConfig({ QINGFENG_DATA_DIR: dir }));
    ({ handle } = await createBot(app, { admins: { telegram: ["9"] }, log: () => {} }));
    api = await startFakeTelegramApi({ admins: [5] });
    adapter = new TelegramAdapter({
      token: TOKEN,
      apiRoot: api.apiRoot,
      handle,
      log: () => {},
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
    await adapter.start();
  });
  afterAll(async () => {
    await adapter.stop();
    await api.close();
    app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const sentTo =
    (chatId: number, after: number) => (c: { method: string; payload: Record<string, unknown> }) =>
      c.method === "sendMessage" &&
      c.payload.chat_id === String(chatId) &&
      api.calls.indexOf(c) >= after;

  it("answers a DM with the verdict and citations in HTML, with feedback buttons", async () => {
    const mark = api.calls.length;
    api.push(textUpdate("药代请我吃饭可以吗？", { chatId: 100 }));
    const sent = await api.waitFor(sentTo(100, mark));
    expect(sent.payload.parse_mode).toBe("HTML");
    expect(sent.payload.text).toContain("<b>🚫 禁止</b>");
    expect(sent.payload.text).toContain("<blockquote>");
    const keyboard = (
      sent.payload.reply_markup as { inline_keyboard: { callback_data: string }[][] }
    ).inline_keyboard;
    const data = keyboard.flat().map((b) => b.callback_data);
    expect(data).toEqual(expect.arrayContaining([expect.stringMatching(/^fb:u:\d+$/)]));
    expect(adapter.ready()).toBe(true);
  });

  it("answers on one phone screen: verdict, plain sentences, decisive phrase; full clauses folded", async () => {
    api.push(textUpdate("医药代表请我吃饭，还要送我购物卡，我能接受吗？", { chatId: 108 }));
    const sent = await api.waitFor(sentTo(108, 0));
    // Accepted: the fake refuses HTML Telegram would refuse, and anything over 4096.
    const [delivered, ...more] = api.delivered.filter((d) => d.chatId === "108");
    expect(more).toHaveLength(0);
    const html = delivered?.text ?? "";
    expect(html).toBe(sent.payload.text);
    const [firstScreen = "", ...folded] = html.split(EXPANDABLE);
    expect(folded.length).toBeGreaterThan(0);
    const visible = firstScreen.replace(/<[^>]+>/g, "").replace(/&(lt|gt|amp);/g, "x");
    expect(Array.from(visible.trim()).length).toBeLessThanOrEqual(600);
    expect(firstScreen).toMatch(/^<b>🚫 禁止<\/b>\n\n不可以。/);
    // The decisive phrase in view, with the document, year and article it comes from.
    expect(firstScreen).toMatch(
      /<blockquote>[^<]{6,}<\/blockquote>\n\n<i>\[1\] 《[^》]+》 · \d{4} · /,
    );
    // Each folded part opens with its label; the clause text is only there.
    for (const part of folded) expect(part).toMatch(/^<b>全文 \[\d\]<\/b>\n《/);
    const keyboard = (
      sent.payload.reply_markup as { inline_keyboard: { callback_data: string }[][] }
    ).inline_keyboard.flat();
    // Folded here, so no 全文 buttons: just the rating.
    expect(keyboard.map((b) => b.callback_data)).toEqual([
      expect.stringMatching(/^fb:u:\d+$/),
      expect.stringMatching(/^fb:d:\d+$/),
    ]);
  });

  it("handles a redelivered update once", async () => {
    const mark = api.calls.length;
    // Telegram redelivers an update whose offset was never confirmed: the same update_id twice.
    api.pushAll([
      textUpdate("医保卡可以违规兑付现金吗？", { chatId: 101, updateId: 5000 }),
      textUpdate("医保卡可以违规兑付现金吗？", { chatId: 101, updateId: 5000 }),
    ]);
    await api.waitFor(sentTo(101, mark));
    api.push(textUpdate("/help", { chatId: 101 }));
    await api.waitFor((c) => sentTo(101, mark)(c) && String(c.payload.text).includes("清风"));
    expect(
      api.calls.filter(
        (c) => sentTo(101, mark)(c) && String(c.payload.text).startsWith("<b>🚫 禁止</b>"),
      ),
    ).toHaveLength(1);
  });

  it("answers /ask@OurBot in a group as a reply, ignores /ask@OtherBot and plain chatter", async () => {
    const mark = api.calls.length;
    api.push(
      textUpdate("/ask@OtherBot 医保卡可以违规兑付现金吗？", {
        chatId: -200,
        chatType: "supergroup",
      }),
    );
    api.push(textUpdate("今天谁值班", { chatId: -200, chatType: "supergroup" }));
    api.push(
      textUpdate(`/ask@${FAKE_TG_BOT.username} 医保卡可以违规兑付现金吗？`, {
        chatId: -200,
        chatType: "supergroup",
      }),
    );
    const sent = await api.waitFor(sentTo(-200, mark));
    expect(sent.payload.text).toContain("🚫 禁止");
    expect(sent.payload.reply_parameters).toMatchObject({ message_id: expect.any(Number) });
    api.push(textUpdate("/help", { chatId: -200, chatType: "supergroup" }));
    await api.waitFor((c) => sentTo(-200, mark)(c) && String(c.payload.text).includes("清风"));
    expect(api.calls.filter(sentTo(-200, mark))).toHaveLength(2);
  });

  it("refuses /stats to a non-admin and serves a configured admin", async () => {
    const mark = api.calls.length;
    api.push(textUpdate("/stats", { chatId: 102, userId: 1 }));
    const refused = await api.waitFor(sentTo(102, mark));
    expect(refused.payload.text).toContain("仅限管理员");
    api.push(textUpdate("/stats", { chatId: 103, userId: 9 }));
    const served = await api.waitFor(sentTo(103, mark));
    expect(served.payload.text).toMatch(/近 7 天/);
  });

  it("answers every callback query and records the 👍", async () => {
    const mark = api.calls.length;
    api.push(textUpdate("什么是一案四改？", { chatId: 104, userId: 3 }));
    const sent = await api.waitFor(sentTo(104, mark));
    const up = (
      sent.payload.reply_markup as { inline_keyboard: { callback_data: string }[][] }
    ).inline_keyboard
      .flat()
      .find((b) => b.callback_data.startsWith("fb:u:"));
    api.push({
      callback_query: {
        id: "cb-1",
        from: { id: 3, is_bot: false, first_name: "李四" },
        chat_instance: "x",
        data: up?.callback_data,
        message: { message_id: 1, date: 0, chat: { id: 104, type: "private" }, text: "…" },
      },
    });
    const answered = await api.waitFor(
      (c) => c.method === "answerCallbackQuery" && c.payload.callback_query_id === "cb-1",
    );
    expect(answered.payload.text).toBe("谢谢反馈！");
    const answerId = Number(up?.callback_data.split(":")[2]);
    expect((await app.records.stats("2000-01-01T00:00:00Z")).thumbsUp).toBeGreaterThanOrEqual(1);
    expect(await app.records.getAnswer(answerId)).toBeDefined();
    api.push({
      callback_query: {
        id: "cb-2",
        from: { id: 3, is_bot: false, first_name: "李四" },
        chat_instance: "x",
        data: "unknown:1",
      },
    });
    await api.waitFor(
      (c) => c.method === "answerCallbackQuery" && c.payload.callback_query_id === "cb-2",
    );
  });

  it("honours 429 retry_after and keeps going after a failed update", async () => {
    const mark = api.calls.length;
    let limited = false;
    api.override = (call) => {
      if (call.method === "sendMessage" && call.payload.chat_id === "105" && !limited) {
        limited = true;
        return {
          status: 429,
          body: {
            ok: false,
            error_code: 429,
            description: "Too Many Requests: retry after 2",
            parameters: { retry_after: 2 },
          },
        };
      }
      if (call.method === "sendMessage" && call.payload.chat_id === "106") {
        return {
          status: 400,
          body: { ok: false, error_code: 400, description: "Bad Request: chat not found" },
        };
      }
      return undefined;
    };
    try {
      api.push(textUpdate("什么是一案四改？", { chatId: 105 }));
      await api.waitFor(
        (c) => sentTo(105, mark)(c) && api.calls.filter(sentTo(105, mark)).length === 2,
      );
      expect(sleeps).toContain(2000);
      api.push(textUpdate("什么是一案四改？", { chatId: 106 }));
      api.push(textUpdate("/help", { chatId: 107 }));
      const after = await api.waitFor(sentTo(107, mark));
      expect(after.payload.text).toContain("清风");
    } finally {
      api.override = undefined;
    }
  });
});

describe("Telegram adapter in webhook mode", () => {
  it("accepts updates with the secret header and rejects others before the core", async () => {
    const api = await startFakeTelegramApi();
    const seen: string[] = [];
    const adapter = new TelegramAdapter({
      token: TOKEN,
      apiRoot: api.apiRoot,
      handle: async (event, reply) => {
        seen.push(event.type === "message" ? event.text : event.data);
        await reply.send({ sections: [{ kind: "text", text: "ok" }] });
      },
      log: () => {},
      webhook: {
        url: "https://bot.example.org/telegram/webhook",
        secret: "s3cret-token-0123456789",
      },
    });
    await adapter.start();
    const server: Server = await startHttpServer({
      port: 0,
      host: "127.0.0.1",
      routes: adapter.routes(),
      ready: () => true,
      log: () => {},
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/telegram/webhook`;
    try {
      expect(api.calls.find((c) => c.method === "setWebhook")?.payload.secret_token).toBe(
        "s3cret-token-0123456789",
      );
      const body = JSON.stringify({ update_id: 1, ...textUpdate("你好") });
      const wrong = await fetch(url, {
        method: "POST",
        body,
        headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": "nope" },
      });
      expect(wrong.status).toBe(403);
      const missing = await fetch(url, {
        method: "POST",
        body,
        headers: { "content-type": "application/json" },
      });
      expect(missing.status).toBe(403);
      expect(seen).toEqual([]);
      const right = await fetch(url, {
        method: "POST",
        body,
        headers: {
          "content-type": "application/json",
          "x-telegram-bot-api-secret-token": "s3cret-token-0123456789",
        },
      });
      expect(right.status).toBe(200);
      await api.waitFor((c) => c.method === "sendMessage");
      expect(seen).toEqual(["你好"]);
    } finally {
      await adapter.stop();
      await new Promise<void>((r) => server.close(() => r()));
      await api.close();
    }
  });
});

describe("Telegram rendering over the Bot API fake (stub core)", () => {
  it("delivers hostile and very long folded text escaped, in parts Telegram accepts", async () => {
    const api = await startFakeTelegramApi();
    const clause = "第三条 <script>alert(1)</script> & “回扣” 不得收受。\n".repeat(200);
    const adapter = new TelegramAdapter({
      token: TOKEN,
      apiRoot: api.apiRoot,
      log: () => {},
      handle: async (_event, reply) => {
        await reply.send({
          sections: [
            { kind: "title", text: "🚫 禁止 <b>" },
            { kind: "text", text: "不可以 & 不得。" },
            { kind: "quote", text: "不得收受 <回扣>" },
            { kind: "note", text: "[1] 《<规定>》 · 2024 · 第三条" },
            {
              kind: "collapsed",
              label: "全文 [1] <&>",
              text: clause,
              open: { label: "全文 [1]", data: "full:1:1" },
            },
          ],
          buttons: [[{ label: "👍", data: "fb:u:1" }]],
        });
      },
    });
    await adapter.start();
    try {
      api.push(textUpdate("问", { chatId: 300 }));
      await api.waitFor((c) => c.method === "sendMessage" && c.payload.chat_id === "300");
      await api.waitFor(
        (c) =>
          c.method === "sendMessage" &&
          c.payload.chat_id === "300" &&
          c.payload.reply_markup !== undefined,
      );
      const calls = api.calls.filter(
        (c) => c.method === "sendMessage" && c.payload.chat_id === "300",
      );
      const parts = api.delivered.filter((d) => d.chatId === "300").map((d) => d.text);
      // Every part accepted (none refused as bad HTML or too long), the clause cut into several.
      expect(parts.length).toBe(calls.length);
      expect(parts.length).toBeGreaterThan(1);
      expect(parts[0]).toMatch(/^<b>🚫 禁止 &lt;b&gt;<\/b>/);
      for (const part of parts.slice(1)) expect(part.startsWith(EXPANDABLE)).toBe(true);
      const visible = parts
        .join("")
        .replace(/<b>全文 \[1\] &lt;&amp;&gt;<\/b>\n/g, "")
        .replace(/<[^>]+>/g, "")
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">")
        .replace(/&amp;/g, "&");
      // Nothing of the clause lost, nothing of it read as markup.
      expect(visible.match(/<script>alert\(1\)<\/script>/g)).toHaveLength(200);
      // Folded: no 全文 button on Telegram, only the message's own.
      const markup = calls.at(-1)?.payload.reply_markup as {
        inline_keyboard: { callback_data: string }[][];
      };
      expect(markup.inline_keyboard.flat().map((b) => b.callback_data)).toEqual(["fb:u:1"]);
    } finally {
      await adapter.stop();
      await api.close();
    }
  });
});
