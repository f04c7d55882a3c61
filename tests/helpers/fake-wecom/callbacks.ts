/**
 * Callback frames as WeCom pushes them over the long connection
 * (智能机器人长连接 · 接收消息回调 / 接收事件回调): `{ cmd, headers: { req_id }, body }`.
 */

export interface MessageCallback {
  /** The sender's userid. */
  userId: string;
  text: string;
  /** A group's chatid; a single chat when absent. */
  chatId?: string | undefined;
  msgid?: string | undefined;
  /** text (default), voice (transcribed) or another msgtype the bot should ignore. */
  msgtype?: "text" | "voice" | "image" | undefined;
}

export interface CardPressCallback {
  userId: string;
  /** The pressed button's key, as the card carried it. */
  key: string;
  taskId: string;
  chatId?: string | undefined;
  msgid?: string | undefined;
}

export interface CallbackFrame {
  cmd: "aibot_msg_callback" | "aibot_event_callback";
  headers: { req_id: string };
  body: Record<string, unknown>;
}

let seq = 0;
const nextId = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++seq}`;

/** A text (or voice) message callback: a single chat, or a group message that @mentions the bot. */
export function messageCallback(botId: string, m: MessageCallback): CallbackFrame {
  const msgtype = m.msgtype ?? "text";
  return {
    cmd: "aibot_msg_callback",
    headers: { req_id: nextId("req") },
    body: {
      msgid: m.msgid ?? nextId("msg"),
      aibotid: botId,
      ...(m.chatId ? { chatid: m.chatId, chattype: "group" } : { chattype: "single" }),
      from: { userid: m.userId },
      msgtype,
      ...(msgtype === "text" ? { text: { content: m.text } } : {}),
      ...(msgtype === "voice" ? { voice: { content: m.text } } : {}),
      ...(msgtype === "image" ? { image: { url: "https://example.invalid/i", aeskey: "k" } } : {}),
    },
  };
}

/** A button press on a button_interaction card (事件格式 · 模板卡片事件). */
export function cardPressCallback(botId: string, p: CardPressCallback): CallbackFrame {
  return {
    cmd: "aibot_event_callback",
    headers: { req_id: nextId("req") },
    body: {
      msgid: p.msgid ?? nextId("evt"),
      create_time: Math.floor(Date.now() / 1000),
      aibotid: botId,
      ...(p.chatId ? { chatid: p.chatId, chattype: "group" } : { chattype: "single" }),
      from: { corpid: "wwcorp", userid: p.userId },
      msgtype: "event",
      event: {
        eventtype: "template_card_event",
        template_card_event: {
          card_type: "button_interaction",
          event_key: p.key,
          task_id: p.taskId,
        },
      },
    },
  };
}

/** Sent to the old connection when a newer one subscribes with the same BotID. */
export function disconnectedEvent(botId: string): CallbackFrame {
  return {
    cmd: "aibot_event_callback",
    headers: { req_id: nextId("req") },
    body: {
      msgid: nextId("evt"),
      create_time: Math.floor(Date.now() / 1000),
      aibotid: botId,
      msgtype: "event",
      event: { eventtype: "disconnected_event" },
    },
  };
}
