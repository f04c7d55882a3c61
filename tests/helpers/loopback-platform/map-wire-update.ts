import type { ChatRef, CoreEvent, UserRef } from "../../../bot/kernel/events.js";
import type { WireChat, WireUpdate, WireUser } from "./wire.js";

/** An update as a core event, with what replying to it needs (the message or press it answers). */
export interface Inbound {
  event: CoreEvent;
  messageId?: string | undefined;
  actionId?: string | undefined;
}

/**
 * Loopback's notion of "addressed to the bot": every DM, and in groups a
 * registered /command or a message starting with @qingfeng. Undefined for an
 * update the bot does not act on.
 */
export function mapWireUpdate(
  update: WireUpdate,
  isCommand: (name: string) => boolean,
): Inbound | undefined {
  const deliveryId = String(update.update_id);
  if ("action" in update) {
    const { action } = update;
    return {
      event: {
        type: "action",
        platform: "loopback",
        deliveryId,
        chat: chatRef(action.chat),
        user: userRef(action.from),
        data: action.data,
      },
      actionId: action.id,
    };
  }
  const { message } = update;
  if (!message.text.trim()) return undefined;
  const command = parseCommand(message.text, isCommand);
  const mention = /^@qingfeng\b\s*/i.exec(message.text);
  return {
    event: {
      type: "message",
      platform: "loopback",
      deliveryId,
      chat: chatRef(message.chat),
      user: userRef(message.from),
      text: mention ? message.text.slice(mention[0].length) : message.text,
      addressed: message.chat.type === "dm" || mention !== null || command !== undefined,
      command,
    },
    messageId: message.message_id,
  };
}

/** "/case add …" → { name: "case", args: "add …" } when the bot registered the command. */
function parseCommand(
  text: string,
  isCommand: (name: string) => boolean,
): { name: string; args: string } | undefined {
  const m = /^\/(\S+)\s*([\s\S]*)$/.exec(text.trim());
  const name = m?.[1]?.toLowerCase();
  if (!name || !isCommand(name)) return undefined;
  return { name, args: (m?.[2] ?? "").trim() };
}

function chatRef(chat: WireChat): ChatRef {
  return { id: chat.id, type: chat.type, title: chat.title };
}

function userRef(user: WireUser): UserRef {
  return { id: user.id, name: user.name, isChatAdmin: user.chat_admin };
}
