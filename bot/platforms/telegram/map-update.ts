import type { CallbackQuery, Message, PollAnswer, Update } from "telegraf/types";
import type { ActionEvent, ChatRef, MessageEvent, UserRef } from "../../kernel/events.js";
import { hasUpdateId } from "./parse-update.js";

export interface BotIdentity {
  id: number;
  username: string;
}

/**
 * A Telegram update as a core event, or undefined when it is not for us: not
 * text, a channel post, a command addressed to another bot (/ask@OtherBot), or
 * without an update_id (it could not be told from a redelivery).
 */
export function mapUpdate(
  update: Update,
  bot: BotIdentity,
): MessageEvent | ActionEvent | undefined {
  if (!hasUpdateId(update)) return undefined;
  if ("callback_query" in update) return mapCallback(update.callback_query, update.update_id);
  if ("poll_answer" in update) return mapPollAnswer(update.poll_answer, update.update_id);
  if (!("message" in update)) return undefined;
  const message = update.message;
  if (!("text" in message)) return undefined;
  const chat = chatRef(message.chat);
  const user: UserRef = {
    id: String(message.from.id),
    name: message.from.username ?? message.from.first_name,
  };
  const text = message.text;
  const command = parseCommand(text, bot.username);
  if (command === null) return undefined;
  const mention = new RegExp(`@${escapeRegExp(bot.username)}\\b`, "i");
  const mentioned = mention.test(text);
  const replyToBot = message.reply_to_message?.from?.id === bot.id;
  return {
    type: "message",
    platform: "telegram",
    deliveryId: String(update.update_id),
    chat,
    user,
    text: text.replace(mention, "").trim(),
    addressed: chat.type === "dm" || mentioned || replyToBot || command !== undefined,
    command,
  };
}

/**
 * A vote in a non-anonymous quiz poll. It names no chat (the core finds the
 * round by poll id); an empty option list is a retracted vote.
 */
function mapPollAnswer(answer: PollAnswer, updateId: number): ActionEvent | undefined {
  const from = answer.user;
  if (!from) return undefined;
  return {
    type: "action",
    platform: "telegram",
    deliveryId: String(updateId),
    chat: { id: String(from.id), type: "dm" },
    user: { id: String(from.id), name: from.username ?? from.first_name },
    data: `qz:poll:${answer.poll_id}:${answer.option_ids.join(".")}`,
  };
}

function mapCallback(query: CallbackQuery, updateId: number): ActionEvent | undefined {
  if (!("data" in query) || !query.data) return undefined;
  const chat = query.message
    ? chatRef(query.message.chat)
    : { id: String(query.from.id), type: "dm" as const };
  return {
    type: "action",
    platform: "telegram",
    deliveryId: String(updateId),
    chat,
    user: { id: String(query.from.id), name: query.from.username ?? query.from.first_name },
    data: query.data,
  };
}

/**
 * "/ask@OurBot 问题" → { name: "ask", args: "问题" }; Chinese names ("/提问 …")
 * are commands too. Null when the command names another bot; undefined for plain text.
 */
export function parseCommand(
  text: string,
  username: string,
): { name: string; args: string } | null | undefined {
  const m = /^\/([^\s@]+)(?:@(\S+))?\s*([\s\S]*)$/.exec(text.trim());
  if (!m) return undefined;
  if (m[2] && m[2].toLowerCase() !== username.toLowerCase()) return null;
  return { name: (m[1] ?? "").toLowerCase(), args: (m[3] ?? "").trim() };
}

function chatRef(chat: Message["chat"]): ChatRef {
  if (chat.type === "private") return { id: String(chat.id), type: "dm" };
  return { id: String(chat.id), type: "group", title: "title" in chat ? chat.title : undefined };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
