import type { MessageEvent } from "../../kernel/events.js";
import { MAX_ACTION_BYTES } from "../../kernel/out-message.js";
import {
  contentText,
  isRecord,
  type Mention,
  parseCommand,
  resolveMentions,
} from "./message-text.js";

/** What mapping needs to know about the bot. */
export interface BotContext {
  appId: string;
  botOpenId: string;
  isCommand: (name: string) => boolean;
}

/** A message for the core, with the id a group answer replies to. */
export interface ReceivedMessage {
  event: MessageEvent;
  messageId: string;
}

/** A card button press, before its chat's type is known (the callback does not say). */
export interface PressedButton {
  deliveryId: string;
  chatId: string;
  userId: string;
  data: string;
}

/**
 * An im.message.receive_v1 event (as the SDK's dispatcher flattens it:
 * header fields and event fields side by side) as a core message, or
 * undefined when it is not one for us: another app's, from a bot or from
 * ourselves, without the ids a redelivery is told apart by, or not words.
 * Every field is checked: a frame is data from the network.
 */
export function mapMessage(data: unknown, bot: BotContext): ReceivedMessage | undefined {
  if (!isRecord(data) || data.app_id !== bot.appId) return undefined;
  const eventId = text(data.event_id);
  const sender = isRecord(data.sender) ? data.sender : undefined;
  const message = isRecord(data.message) ? data.message : undefined;
  if (!eventId || !sender || !message || sender.sender_type !== "user") return undefined;
  const openId = isRecord(sender.sender_id) ? text(sender.sender_id.open_id) : undefined;
  const messageId = text(message.message_id);
  const chatId = text(message.chat_id);
  const chatType = text(message.chat_type);
  const type = text(message.message_type);
  const content = text(message.content);
  if (!openId || openId === bot.botOpenId || !messageId || !chatId || !chatType || !type)
    return undefined;
  const raw = content === undefined ? undefined : contentText(type, content);
  if (raw === undefined) return undefined;
  const mentions = Array.isArray(message.mentions) ? message.mentions.flatMap(toMention) : [];
  const { text: said, mentionsBot } = resolveMentions(raw, mentions, bot.botOpenId);
  const dm = chatType === "p2p";
  const command = parseCommand(said, {
    mentionedInGroup: !dm && mentionsBot,
    isCommand: bot.isCommand,
  });
  return {
    messageId,
    event: {
      type: "message",
      platform: "feishu",
      deliveryId: eventId,
      chat: { id: chatId, type: dm ? "dm" : "group" },
      user: { id: openId },
      text: said,
      addressed: dm || mentionsBot || command !== undefined,
      command,
    },
  };
}

/**
 * A card.action.trigger callback as a button press, or undefined when it is
 * not a press of one of our buttons: another app's, without an event id,
 * operator or chat, or a value that is not our `{ qf: data }` within the
 * button data limit (a forged or foreign card).
 */
export function mapCardAction(data: unknown, bot: BotContext): PressedButton | undefined {
  if (!isRecord(data) || data.app_id !== bot.appId) return undefined;
  const deliveryId = text(data.event_id);
  const userId = isRecord(data.operator) ? text(data.operator.open_id) : undefined;
  const chatId = isRecord(data.context) ? text(data.context.open_chat_id) : undefined;
  const value = isRecord(data.action) && isRecord(data.action.value) ? data.action.value : {};
  const pressed = text(value.qf);
  if (!deliveryId || !userId || !chatId || !pressed) return undefined;
  if (Buffer.byteLength(pressed) > MAX_ACTION_BYTES) return undefined;
  return { deliveryId, chatId, userId, data: pressed };
}

function toMention(raw: unknown): Mention[] {
  if (!isRecord(raw) || typeof raw.key !== "string") return [];
  return [
    {
      key: raw.key,
      openId: isRecord(raw.id) ? text(raw.id.open_id) : undefined,
      name: typeof raw.name === "string" ? raw.name : "",
    },
  ];
}

/** A non-empty string, or undefined. */
function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}
