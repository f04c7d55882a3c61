import { EventEmitter } from "node:events";
import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";
import {
  type CallbackFrame,
  type CardPressCallback,
  cardPressCallback,
  disconnectedEvent,
  type MessageCallback,
  messageCallback,
} from "./callbacks.js";
import { ChatQuota, checkCard, checkMessageBody, type Refusal } from "./check-body.js";

export type { CardPressCallback, MessageCallback } from "./callbacks.js";

/** A frame the bot sent (subscribe, ping, replies, sends, card updates) and what the emulator answered. */
export interface BotFrame {
  cmd: string;
  reqId: string;
  body: Record<string, unknown>;
  /** Which connection it came on (1, 2, … in order of opening). */
  connection: number;
  /** The emulator's clock when it arrived. */
  at: number;
  /** What was answered (0 = ok); undefined for a ping left unanswered. */
  errcode?: number | undefined;
}

/** A message WeCom accepted into a chat. */
export interface Delivered {
  chatId: string;
  via: "reply" | "send";
  msgtype: string;
  /** Markdown or stream text. */
  content?: string | undefined;
  /** A template card. */
  card?: EmulatedCard | undefined;
  at: number;
}

export interface EmulatedCard {
  card_type: string;
  task_id: string;
  main_title: { title: string };
  sub_title_text?: string;
  button_list: { text: string; key: string; style?: number }[];
}

export interface FakeWecomOptions {
  botId?: string;
  secret?: string;
  /** Clock for the per-chat quota and the 5-second card update window (tests share the dispatcher's). */
  now?: () => number;
}

export interface FakeWecom {
  /** Pass as WECOM_WS_URL / the connection's wsUrl. */
  wsUrl: string;
  botId: string;
  secret: string;
  /** Every frame the bot sent, in arrival order. */
  frames: BotFrame[];
  /** Messages accepted into chats (replies and proactive sends), in order. */
  delivered: Delivered[];
  /** Card updates accepted, with the users they were for. */
  cardUpdates: { taskId: string; userids: string[]; card: EmulatedCard }[];
  /** Chats the bot may push to: someone wrote to the bot there ("需要用户在会话中给机器人发消息"). */
  knownChats: Set<string>;
  /** Chats that are gone for the bot (dissolved, bot removed): sends get 86003. */
  goneChats: Set<string>;
  /** Answers a frame before the built-in behaviour when it returns a refusal (rate limits, failures). */
  override: ((frame: BotFrame) => Refusal | undefined) | undefined;
  /** Whether pings are answered (false: the connection goes silent, as a half-open link does). */
  answerPings: boolean;
  /** While true, every new connection is closed at once (WeCom unreachable). */
  refuseConnections: boolean;
  /** Connections closed because of refuseConnections. */
  refused(): number;
  /** Connections opened so far (refused ones included). */
  connections(): number;
  /** Successful subscriptions so far. */
  subscriptions(): number;
  /** A subscribed connection is open. */
  live(): boolean;
  /** Pushes a message callback to the live connection; returns the frame pushed. */
  pushMessage(m: MessageCallback): CallbackFrame;
  /** Pushes a card button press to the live connection. */
  pushCardPress(p: CardPressCallback): CallbackFrame;
  /** Pushes raw text (or a JSON value) as one frame: malformed and forged frames. */
  pushRaw(data: string | object): void;
  /** Ends the live connection without a close frame (a network drop). */
  dropConnection(): void;
  /** The first frame from the bot (received or still to come) matching; rejects after `timeoutMs`. */
  waitForFrame(match: (f: BotFrame) => boolean, timeoutMs?: number): Promise<BotFrame>;
  /** The first delivered message matching; rejects after `timeoutMs`. */
  waitForDelivered(match: (d: Delivered) => boolean, timeoutMs?: number): Promise<Delivered>;
  /** Resolves once `count` subscriptions succeeded in total. */
  waitForSubscriptions(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

interface Conn {
  id: number;
  socket: WebSocket;
  subscribed: boolean;
}

/** What a callback's req_id lets the bot do: reply into its chat, or update a pressed card. */
interface Pushed {
  chatId: string;
  kind: "message" | "press";
  taskId?: string;
  at: number;
}

/**
 * WeCom's intelligent-bot long connection on 127.0.0.1 (random port), as the
 * official SDK speaks it: JSON frames `{cmd, headers: {req_id}, body}` and
 * answers `{headers: {req_id}, errcode, errmsg}`. It checks the subscribe
 * (bot_id + secret, else 853000), keeps one live connection per bot (a new
 * subscribe sends disconnected_event to the old one and closes it), answers
 * pings, accepts passive replies on a pushed callback's req_id and card
 * updates within 5 s of a press, and proactive sends to known chats — all
 * within WeCom's per-chat quota of 30 a minute and 1,000 an hour (45009
 * beyond). No HTTP: the bot needs WeCom's HTTP only to download media.
 */
export async function startFakeWecom(options: FakeWecomOptions = {}): Promise<FakeWecom> {
  const botId = options.botId ?? "aibTESTBOT";
  const secret = options.secret ?? "test-bot-secret-0123456789";
  const now = options.now ?? Date.now;
  const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const events = new EventEmitter();
  events.setMaxListeners(100);
  const conns = new Set<Conn>();
  const pushed = new Map<string, Pushed>();
  const usedTaskIds = new Set<string>();
  const quota = new ChatQuota();
  let connectionCount = 0;
  let subscriptionCount = 0;
  let refusedCount = 0;
  let live: Conn | undefined;

  const fake: FakeWecom = {
    wsUrl: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
    botId,
    secret,
    frames: [],
    delivered: [],
    cardUpdates: [],
    knownChats: new Set(),
    goneChats: new Set(),
    override: undefined,
    answerPings: true,
    refuseConnections: false,
    refused: () => refusedCount,
    connections: () => connectionCount,
    subscriptions: () => subscriptionCount,
    live: () => live !== undefined && live.socket.readyState === live.socket.OPEN,
    pushMessage: (m) => {
      const frame = messageCallback(botId, m);
      const chatId = m.chatId ?? m.userId;
      fake.knownChats.add(chatId);
      pushed.set(frame.headers.req_id, { chatId, kind: "message", at: now() });
      push(frame);
      return frame;
    },
    pushCardPress: (p) => {
      const frame = cardPressCallback(botId, p);
      pushed.set(frame.headers.req_id, {
        chatId: p.chatId ?? p.userId,
        kind: "press",
        taskId: p.taskId,
        at: now(),
      });
      push(frame);
      return frame;
    },
    pushRaw: (data) => {
      liveSocket().send(typeof data === "string" ? data : JSON.stringify(data));
    },
    dropConnection: () => {
      liveSocket().terminate();
      live = undefined;
    },
    waitForFrame: (match, timeoutMs = 10_000) =>
      waitFor("frame", () => fake.frames.find(match), timeoutMs, "no matching frame from the bot"),
    waitForDelivered: (match, timeoutMs = 10_000) =>
      waitFor("delivered", () => fake.delivered.find(match), timeoutMs, "no matching message"),
    waitForSubscriptions: async (count, timeoutMs = 10_000) => {
      await waitFor(
        "subscribed",
        () => (subscriptionCount >= count ? true : undefined),
        timeoutMs,
        `fewer than ${count} subscriptions`,
      );
    },
    close: async () => {
      for (const c of conns) c.socket.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  function liveSocket(): WebSocket {
    if (!live) throw new Error("fake WeCom: no subscribed connection");
    return live.socket;
  }

  function push(frame: CallbackFrame): void {
    liveSocket().send(JSON.stringify(frame));
  }

  function waitFor<T>(
    signal: string,
    find: () => T | undefined,
    timeoutMs: number,
    what: string,
  ): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = find();
        if (found === undefined) return false;
        clearTimeout(timer);
        events.off(signal, check);
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        events.off(signal, check);
        reject(new Error(`fake WeCom: ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      if (!check()) events.on(signal, check);
    });
  }

  function answer(conn: Conn, frame: BotFrame, refusal: Refusal | undefined): void {
    frame.errcode = refusal?.errcode ?? 0;
    conn.socket.send(
      JSON.stringify({
        headers: { req_id: frame.reqId },
        errcode: frame.errcode,
        errmsg: refusal?.errmsg ?? "ok",
      }),
    );
  }

  function subscribe(conn: Conn, frame: BotFrame): void {
    if (frame.body.bot_id !== botId || frame.body.secret !== secret) {
      answer(conn, frame, { errcode: 853000, errmsg: "invalid bot_id or secret" });
      return;
    }
    const previous = live;
    conn.subscribed = true;
    live = conn;
    subscriptionCount++;
    answer(conn, frame, undefined);
    if (previous && previous !== conn) {
      // "新连接会踢掉旧连接，旧连接将被服务端主动断开"
      previous.subscribed = false;
      previous.socket.send(JSON.stringify(disconnectedEvent(botId)));
      setImmediate(() => previous.socket.terminate());
    }
    events.emit("subscribed");
  }

  /** A message into a chat: counted against the chat's quota, then recorded as delivered. */
  function deliver(
    chatId: string,
    via: Delivered["via"],
    body: Record<string, unknown>,
  ): Refusal | undefined {
    const at = now();
    if (!quota.take(chatId, at)) return { errcode: 45009, errmsg: "api freq out of limit" };
    const msgtype = String(body.msgtype);
    const card = msgtype === "template_card" ? (body.template_card as EmulatedCard) : undefined;
    if (card) usedTaskIds.add(card.task_id);
    const content =
      msgtype === "stream"
        ? String((body.stream as { content?: unknown }).content)
        : msgtype === "markdown"
          ? String((body.markdown as { content?: unknown }).content)
          : undefined;
    fake.delivered.push({ chatId, via, msgtype, content, card, at });
    events.emit("delivered");
    return undefined;
  }

  /** What WeCom answers a frame (undefined: ok), or "silent" for a ping it leaves unanswered. */
  function decide(conn: Conn, frame: BotFrame): Refusal | undefined | "silent" {
    if (!conn.subscribed) return { errcode: 40001, errmsg: "not subscribed" };
    if (frame.cmd === "ping") return fake.answerPings ? undefined : "silent";
    const refused = fake.override?.(frame);
    if (refused) return refused;
    switch (frame.cmd) {
      case "aibot_respond_msg": {
        const origin = pushed.get(frame.reqId);
        // Replies ride on a message callback's req_id ("收到消息回调后，24 小时内可以往该会话回复消息").
        if (origin?.kind !== "message" || now() - origin.at > 86_400_000)
          return { errcode: 846605, errmsg: "invalid req_id" };
        return (
          checkMessageBody(frame.body, usedTaskIds, false) ??
          deliver(origin.chatId, "reply", frame.body)
        );
      }
      case "aibot_send_msg": {
        const chatId = String(frame.body.chatid ?? "");
        if (fake.goneChats.has(chatId)) return { errcode: 86003, errmsg: "chat not exist" };
        if (!fake.knownChats.has(chatId)) return { errcode: 86001, errmsg: "chatid invalid" };
        return (
          checkMessageBody(frame.body, usedTaskIds, true) ?? deliver(chatId, "send", frame.body)
        );
      }
      case "aibot_respond_update_msg": {
        const origin = pushed.get(frame.reqId);
        // "收到事件回调后需在 5 秒内发送回复，超时将无法更新卡片"
        if (origin?.kind !== "press" || now() - origin.at > 5_000)
          return { errcode: 846605, errmsg: "invalid req_id" };
        const card = frame.body.template_card as EmulatedCard | undefined;
        const bad = checkCard(card, new Set());
        if (bad) return bad;
        if (!card || card.task_id !== origin.taskId)
          return { errcode: 40058, errmsg: "invalid parameter: task_id" };
        const userids = Array.isArray(frame.body.userids) ? frame.body.userids.map(String) : [];
        fake.cardUpdates.push({ taskId: card.task_id, userids, card });
        events.emit("delivered");
        return undefined;
      }
      default:
        return { errcode: 40058, errmsg: `unknown cmd ${frame.cmd}` };
    }
  }

  server.on("connection", (socket) => {
    const conn: Conn = { id: ++connectionCount, socket, subscribed: false };
    if (fake.refuseConnections) {
      refusedCount++;
      socket.terminate();
      events.emit("refused");
      return;
    }
    conns.add(conn);
    socket.on("close", () => {
      conns.delete(conn);
      if (live === conn) live = undefined;
    });
    socket.on("message", (data) => {
      let parsed: { cmd?: unknown; headers?: { req_id?: unknown }; body?: unknown };
      try {
        parsed = JSON.parse(data.toString());
      } catch {
        return;
      }
      const frame: BotFrame = {
        cmd: String(parsed.cmd ?? ""),
        reqId: String(parsed.headers?.req_id ?? ""),
        body: (parsed.body ?? {}) as Record<string, unknown>,
        connection: conn.id,
        at: now(),
      };
      fake.frames.push(frame);
      if (frame.cmd === "aibot_subscribe") subscribe(conn, frame);
      else {
        const decided = decide(conn, frame);
        if (decided !== "silent") answer(conn, frame, decided);
      }
      events.emit("frame");
    });
  });

  return fake;
}
