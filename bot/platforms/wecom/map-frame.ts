import type { ActionEvent, ChatRef, MessageEvent } from "../../kernel/events.js";
import { typedCommand } from "../../kernel/typed-command.js";
import { dataOfKey } from "./render-cards.js";

/**
 * The fields of a WeCom callback body the bot reads (消息推送 / 事件推送). Typed
 * loosely on purpose: a frame is untrusted input and every field is checked.
 */
interface CallbackBody {
  msgid?: unknown;
  aibotid?: unknown;
  chatid?: unknown;
  chattype?: unknown;
  from?: { userid?: unknown } | null;
  msgtype?: unknown;
  text?: { content?: unknown } | null;
  voice?: { content?: unknown } | null;
  mixed?: { msg_item?: unknown } | null;
  event?: {
    eventtype?: unknown;
    template_card_event?: { event_key?: unknown; task_id?: unknown } | null;
    event_key?: unknown;
    task_id?: unknown;
  } | null;
}

/** Where a callback came from: its delivery id, chat and sender, once they check out. */
interface Origin {
  deliveryId: string;
  chat: ChatRef;
  userId: string;
}

/**
 * A message callback (aibot_msg_callback) as a core message, or undefined when
 * it is not one to act on: another bot's, without a msgid (it could not be
 * told from a redelivery), without a sender, or with no text (images, files).
 * WeCom delivers group messages only when they @mention the bot, so every
 * message is addressed; the leading "@机器人" of a group message is dropped.
 */
export function mapMessage(
  body: unknown,
  botId: string,
  isCommand: (name: string) => boolean,
): MessageEvent | undefined {
  const origin = originOf(body, botId);
  if (!origin) return undefined;
  let text = textOf(body as CallbackBody);
  if (text === undefined) return undefined;
  if (origin.chat.type === "group") text = text.replace(LEADING_MENTION, "");
  text = text.trim();
  // A bare "@清风" asks for nothing: show what the bot can do.
  const command = text === "" ? { name: "help", args: "" } : typedCommand(text, isCommand);
  return {
    type: "message",
    platform: "wecom",
    deliveryId: origin.deliveryId,
    chat: origin.chat,
    user: { id: origin.userId },
    text,
    addressed: true,
    command,
  };
}

/**
 * A card button press (template_card_event) as a core action, with the card's
 * task_id (to update the card), or undefined for anything else — a key
 * Qingfeng never made included.
 */
export function mapCardPress(
  body: unknown,
  botId: string,
): { event: ActionEvent; taskId: string } | undefined {
  const origin = originOf(body, botId);
  const event = (body as CallbackBody).event;
  if (!origin || !event || event.eventtype !== "template_card_event") return undefined;
  // The documented event nests its fields under template_card_event; the SDK's
  // types put them on the event itself, so both are read.
  const press = event.template_card_event ?? event;
  const key = str(press.event_key);
  const taskId = str(press.task_id);
  const data = key === undefined ? undefined : dataOfKey(key);
  if (!data || !taskId) return undefined;
  return {
    event: {
      type: "action",
      platform: "wecom",
      deliveryId: origin.deliveryId,
      chat: origin.chat,
      user: { id: origin.userId },
      data,
    },
    taskId,
  };
}

/** "@清风 问题" or "@清风\u2005问题" (WeCom puts a narrow space after a mention). */
const LEADING_MENTION = /^\s*@[^\s\u2005\u3000]+[\s\u2005\u3000]*/;

function originOf(body: unknown, botId: string): Origin | undefined {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return undefined;
  const b = body as CallbackBody;
  const deliveryId = str(b.msgid);
  const userId = str(b.from?.userid);
  if (!deliveryId || !userId || b.aibotid !== botId) return undefined;
  if (b.chattype === "group") {
    const chatId = str(b.chatid);
    return chatId ? { deliveryId, userId, chat: { id: chatId, type: "group" } } : undefined;
  }
  // A single chat is addressed by the user's id (aibot_send_msg: "单聊填用户的userid").
  if (b.chattype === "single" || b.chattype === undefined)
    return { deliveryId, userId, chat: { id: userId, type: "dm" } };
  return undefined;
}

function textOf(body: CallbackBody): string | undefined {
  switch (body.msgtype) {
    case "text":
      return str(body.text?.content);
    case "voice":
      // Voice arrives already transcribed (单聊 only).
      return str(body.voice?.content);
    case "mixed": {
      const items = Array.isArray(body.mixed?.msg_item) ? body.mixed.msg_item : [];
      const texts = items.flatMap((item: unknown) => {
        const i = item as { msgtype?: unknown; text?: { content?: unknown } | null };
        const content = i?.msgtype === "text" ? str(i.text?.content) : undefined;
        return content ? [content] : [];
      });
      return texts.length > 0 ? texts.join("\n") : undefined;
    }
    default:
      return undefined;
  }
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}
