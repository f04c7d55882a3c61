import { EventEmitter } from "node:events";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { telegramHtmlProblem } from "./telegram-html-check.js";

export interface TelegramCall {
  method: string;
  payload: Record<string, unknown>;
}

export interface FakeTelegramApi {
  /** Pass as TELEGRAM_API_ROOT / the adapter's apiRoot. */
  apiRoot: string;
  calls: TelegramCall[];
  /** Messages sendMessage accepted (answered 200): what the chats actually received. */
  delivered: {
    chatId: string;
    messageId: number;
    text: string;
    payload: Record<string, unknown>;
    /** Arrival time (ms since epoch), for rate measurements. */
    at: number;
  }[];
  /** Quiz polls sent (id as poll_answer updates must name it). */
  polls: { id: string; chatId: string; messageId: number; payload: Record<string, unknown> }[];
  /** Queues an update for getUpdates (update_id assigned when omitted). */
  push(update: Record<string, unknown>): number;
  /** Queues several updates delivered in one getUpdates batch (a redelivery can repeat an id). */
  pushAll(updates: Record<string, unknown>[]): void;
  /**
   * Answers a call before the built-in behaviour (errors, 429) when it returns
   * a response; "hang" never answers it (until close), like an API that stopped.
   */
  override:
    | ((
        call: TelegramCall,
      ) => { status: number; body: Record<string, unknown> } | "hang" | undefined)
    | undefined;
  /** The first call (past or future) matching `predicate`. */
  waitFor(predicate: (call: TelegramCall) => boolean, timeoutMs?: number): Promise<TelegramCall>;
  close(): Promise<void>;
}

export const FAKE_TG_BOT = {
  id: 777,
  is_bot: true,
  first_name: "清风",
  username: "QingfengBot",
} as const;

/**
 * A Bot API on 127.0.0.1 for what the adapter uses: getMe, getUpdates (long
 * poll answered as soon as an update is queued), sendMessage (HTML text that
 * Telegram would refuse — unsupported or unbalanced tags, a bare <, > or &,
 * more than 4,096 characters — gets Telegram's 400), sendPoll (quiz
 * polls; push poll_answer updates to answer them), stopPoll,
 * answerCallbackQuery, getChatMember (users in `admins` are chat admins),
 * setWebhook, deleteWebhook. Every call is recorded.
 */
export async function startFakeTelegramApi(
  options: { admins?: number[] } = {},
): Promise<FakeTelegramApi> {
  const admins = new Set(options.admins ?? []);
  const calls: TelegramCall[] = [];
  const queue: Record<string, unknown>[] = [];
  const waiting: { offset: number; res: ServerResponse }[] = [];
  const events = new EventEmitter();
  let nextUpdateId = 1000;
  let messageId = 1;
  let closing = false;

  const reply = (res: ServerResponse, status: number, body: Record<string, unknown>) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
  const flushUpdates = () => {
    for (const w of waiting.splice(0)) {
      const updates = queue.filter((u) => Number(u.update_id) >= w.offset);
      if (updates.length === 0 && !closing) {
        waiting.push(w);
        continue;
      }
      reply(w.res, 200, { ok: true, result: updates });
    }
  };

  const enqueue = (update: Record<string, unknown>): number => {
    const id = typeof update.update_id === "number" ? update.update_id : nextUpdateId;
    nextUpdateId = Math.max(nextUpdateId, id + 1);
    queue.push({ ...update, update_id: id });
    return id;
  };

  const api: FakeTelegramApi = {
    apiRoot: "",
    calls,
    delivered: [],
    polls: [],
    override: undefined,
    push(update) {
      const id = enqueue(update);
      flushUpdates();
      return id;
    },
    pushAll(updates) {
      for (const update of updates) enqueue(update);
      flushUpdates();
    },
    waitFor(predicate, timeoutMs = 5_000) {
      const found = calls.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          events.off("call", listener);
          reject(
            new Error(
              `no matching Bot API call within ${timeoutMs} ms; calls: ${calls.map((c) => c.method).join(", ")}`,
            ),
          );
        }, timeoutMs);
        const listener = (call: TelegramCall) => {
          if (!predicate(call)) return;
          clearTimeout(timer);
          events.off("call", listener);
          resolve(call);
        };
        events.on("call", listener);
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        flushUpdates();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const method = (req.url ?? "").split("/").at(-1) ?? "";
      const raw = Buffer.concat(chunks).toString("utf8");
      const payload = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      const call = { method, payload };
      if (method !== "getUpdates") {
        calls.push(call);
        events.emit("call", call);
      }
      const overridden = api.override?.(call);
      if (overridden === "hang") return;
      if (overridden) return reply(res, overridden.status, overridden.body);
      switch (method) {
        case "getMe":
          return reply(res, 200, { ok: true, result: FAKE_TG_BOT });
        case "getUpdates": {
          waiting.push({ offset: Number(payload.offset ?? 0), res });
          return flushUpdates();
        }
        case "sendMessage": {
          const problem =
            payload.parse_mode === "HTML"
              ? telegramHtmlProblem(String(payload.text ?? ""))
              : undefined;
          // Refused as Telegram refuses it: nothing is delivered.
          if (problem)
            return reply(res, 400, {
              ok: false,
              error_code: 400,
              description: `Bad Request: ${problem}`,
            });
          api.delivered.push({
            chatId: String(payload.chat_id),
            messageId,
            text: String(payload.text ?? ""),
            payload,
            at: Date.now(),
          });
          return reply(res, 200, {
            ok: true,
            result: {
              message_id: messageId++,
              date: 0,
              chat: { id: payload.chat_id, type: "private" },
              text: payload.text,
            },
          });
        }
        case "sendPoll": {
          const poll = {
            id: `poll-${messageId}`,
            question: payload.question,
            options: (payload.options as unknown[]).map((o) => ({
              text: typeof o === "string" ? o : (o as { text: string }).text,
              voter_count: 0,
            })),
            type: payload.type,
            is_anonymous: payload.is_anonymous,
            correct_option_id: payload.correct_option_id,
          };
          api.polls.push({ id: poll.id, chatId: String(payload.chat_id), messageId, payload });
          return reply(res, 200, {
            ok: true,
            result: {
              message_id: messageId++,
              date: 0,
              chat: { id: payload.chat_id, type: "supergroup" },
              poll,
            },
          });
        }
        case "stopPoll":
          return reply(res, 200, { ok: true, result: { id: "stopped", is_closed: true } });
        case "getChatMember": {
          const status = admins.has(Number(payload.user_id)) ? "administrator" : "member";
          return reply(res, 200, {
            ok: true,
            result: { status, user: { id: payload.user_id, is_bot: false, first_name: "u" } },
          });
        }
        case "answerCallbackQuery":
        case "setWebhook":
        case "deleteWebhook":
          return reply(res, 200, { ok: true, result: true });
        default:
          return reply(res, 404, {
            ok: false,
            error_code: 404,
            description: `Not Found: method ${method}`,
          });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  api.apiRoot = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return api;
}

/** A text message update from a user in a chat. */
export function textUpdate(
  text: string,
  options: {
    chatId?: number;
    chatType?: "private" | "group" | "supergroup";
    userId?: number;
    updateId?: number;
    replyToBot?: boolean;
  } = {},
): Record<string, unknown> {
  const chatId = options.chatId ?? 100;
  const userId = options.userId ?? 1;
  const entities = /^\/\S+/.test(text)
    ? [{ type: "bot_command", offset: 0, length: (/^\/\S+/.exec(text)?.[0] ?? "").length }]
    : [];
  return {
    ...(options.updateId !== undefined ? { update_id: options.updateId } : {}),
    message: {
      message_id: Math.floor(Math.random() * 1e6),
      date: 0,
      chat: {
        id: chatId,
        type: options.chatType ?? "private",
        ...(options.chatType && options.chatType !== "private" ? { title: "心内科" } : {}),
      },
      from: { id: userId, is_bot: false, first_name: "张三" },
      text,
      entities,
      ...(options.replyToBot
        ? {
            reply_to_message: {
              message_id: 1,
              date: 0,
              chat: { id: chatId, type: "group" },
              from: FAKE_TG_BOT,
              text: "…",
            },
          }
        : {}),
    },
  };
}
