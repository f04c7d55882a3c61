import type { ChatRef, MessageEvent, UserRef } from "../../bot/kernel/events.js";

/** A Telegram message as the adapter hands it to the kernel: "/name args" is a command. */
export function chatMessage(
  text: string,
  chat: ChatRef,
  user: UserRef,
  extra: Partial<MessageEvent> = {},
): MessageEvent {
  const command = /^\/(\S+)\s*([\s\S]*)$/.exec(text);
  return {
    type: "message",
    platform: "telegram",
    chat,
    user,
    text,
    addressed: true,
    command: command ? { name: command[1] ?? "", args: command[2] ?? "" } : undefined,
    ...extra,
  };
}
