import { EventEmitter } from "node:events";
import type { ApiCall, FakeResponse } from "./api-call.js";
import type { Card } from "./card-reading.js";
import { APP_LIMITS, CHAT_LIMIT, SendWindows } from "./rate-windows.js";

/** A message im/v1/messages accepted (create or reply). */
export interface SentMessage {
  message_id: string;
  chat_id: string;
  msg_type: string;
  card: Card;
  uuid?: string | undefined;
  /** The message answered, for replies. */
  reply_to?: string | undefined;
  at: number;
}

/** A chat as the fake knows it. */
export interface FakeChat {
  mode: "p2p" | "group";
  name?: string | undefined;
  owner?: string | undefined;
  /** "removed": the bot was taken out; "dissolved": the group no longer exists. */
  state: "ok" | "removed" | "dissolved";
}

/** Card JSON a message may carry (Feishu: 30 KB). */
export const MAX_CARD_BYTES = 30 * 1024;

/**
 * im/v1/messages on the emulator: create (to a chat_id, or to an open_id's
 * DM) and reply, with `uuid` idempotency for an hour, the 30 KB card limit,
 * the bot's standing in each chat (removed, dissolved), and Feishu's send
 * limits enforced on the injected clock.
 */
export class FakeImMessages {
  readonly messages: SentMessage[] = [];
  /** Sends refused for breaking a limit (none, when the bot paces itself). */
  readonly limitHits: { limit: string; chatId: string; at: number }[] = [];
  readonly chats = new Map<string, FakeChat>();
  /** open_ids outside the app's availability (DMs to them fail with 230013). */
  readonly unreachableUsers = new Set<string>();
  /** Messages users sent (their ids, for replies): message_id → chat_id. */
  readonly inbound = new Map<string, string>();
  private readonly byUuid = new Map<string, SentMessage>();
  private readonly windows = new SendWindows();
  private readonly events = new EventEmitter();
  private messageCount = 0;

  /** The first accepted message matching, already sent or still to come. */
  waitForMessage(match: (m: SentMessage) => boolean, timeoutMs = 10_000): Promise<SentMessage> {
    const found = this.messages.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const onMessage = (m: SentMessage) => {
        if (!match(m)) return;
        clearTimeout(timer);
        this.events.off("message", onMessage);
        resolve(m);
      };
      const timer = setTimeout(() => {
        this.events.off("message", onMessage);
        reject(new Error(`no matching message within ${timeoutMs} ms`));
      }, timeoutMs);
      this.events.on("message", onMessage);
    });
  }

  protected create(call: ApiCall): FakeResponse {
    const type = call.query.receive_id_type;
    const receiveId = String(call.body.receive_id ?? "");
    if (type === "open_id") {
      if (this.unreachableUsers.has(receiveId))
        return {
          status: 400,
          body: { code: 230013, msg: "Bot has NO availability to this user." },
        };
      const chatId = `oc_p2p_${receiveId}`;
      if (!this.chats.has(chatId)) this.chats.set(chatId, { mode: "p2p", state: "ok" });
      return this.deliver(call, chatId, undefined);
    }
    if (type !== "chat_id")
      return { status: 400, body: { code: 99992402, msg: "field validation failed" } };
    // A group the tests never named is one the bot is in.
    if (!this.chats.has(receiveId)) this.chats.set(receiveId, { mode: "group", state: "ok" });
    return this.deliver(call, receiveId, undefined);
  }

  protected reply(call: ApiCall, messageId: string): FakeResponse {
    const parent = this.messages.find((m) => m.message_id === messageId);
    const chatId = parent?.chat_id ?? this.inbound.get(messageId);
    if (!chatId) return { status: 400, body: { code: 230011, msg: "The message was withdrawn." } };
    return this.deliver(call, chatId, messageId);
  }

  private deliver(call: ApiCall, chatId: string, replyTo: string | undefined): FakeResponse {
    const chat = this.chats.get(chatId);
    if (chat?.state === "dissolved")
      return {
        status: 400,
        body: {
          code: 232009,
          msg: "Your request specifies a chat which has already been dissolved.",
        },
      };
    if (chat?.state === "removed")
      return { status: 400, body: { code: 230002, msg: "Bot/User can NOT be out of the chat." } };
    const uuid = typeof call.body.uuid === "string" ? call.body.uuid : undefined;
    // Feishu: a uuid makes the send idempotent for an hour; the same message is returned.
    const earlier = uuid ? this.byUuid.get(uuid) : undefined;
    if (earlier && call.at - earlier.at < 3_600_000) return ok(earlier);
    if (call.body.msg_type !== "interactive")
      return { status: 400, body: { code: 230001, msg: "invalid msg_type for this fake" } };
    const content = String(call.body.content ?? "");
    if (Buffer.byteLength(content) > MAX_CARD_BYTES)
      return {
        status: 400,
        body: { code: 230025, msg: "The length of the message content reaches its limit." },
      };
    const limited = this.limited(chatId, call.at);
    if (limited) return limited;
    let card: Card;
    try {
      card = JSON.parse(content) as Card;
    } catch {
      return { status: 400, body: { code: 230099, msg: "Failed to create card content." } };
    }
    const message: SentMessage = {
      message_id: `om_${++this.messageCount}`,
      chat_id: chatId,
      msg_type: "interactive",
      card,
      uuid,
      reply_to: replyTo,
      at: call.at,
    };
    this.messages.push(message);
    if (uuid) this.byUuid.set(uuid, message);
    this.windows.record("app", call.at);
    this.windows.record(`chat:${chatId}`, call.at);
    this.events.emit("message", message);
    return ok(message);
  }

  private limited(chatId: string, now: number): FakeResponse | undefined {
    const app = this.windows.check("app", APP_LIMITS, now);
    if (app) {
      this.limitHits.push({ limit: app.limit.name, chatId, at: now });
      return {
        status: 429,
        headers: {
          "x-ogw-ratelimit-limit": String(app.limit.count),
          "x-ogw-ratelimit-reset": String(Math.max(1, Math.ceil(app.resetMs / 1000))),
        },
        body: { code: 99991400, msg: "request trigger frequency limit" },
      };
    }
    const chat = this.windows.check(`chat:${chatId}`, [CHAT_LIMIT], now);
    if (chat) {
      this.limitHits.push({ limit: chat.limit.name, chatId, at: now });
      return {
        status: 400,
        body: { code: 230020, msg: "This operation triggers the frequency limit." },
      };
    }
    return undefined;
  }
}

function ok(message: SentMessage): FakeResponse {
  return {
    body: {
      code: 0,
      msg: "success",
      data: { message_id: message.message_id, chat_id: message.chat_id, msg_type: "interactive" },
    },
  };
}
