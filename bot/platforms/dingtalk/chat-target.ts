import { randomBytes } from "node:crypto";
import type { ChatRef } from "../../kernel/events.js";

/**
 * Where a DingTalk message goes. A group is its openConversationId (DingTalk
 * issues them as "cid…"); a one-to-one chat with the robot is the user's
 * staff id (userId), which is also how the core names a user's DM.
 */
export type ChatTarget =
  | { kind: "group"; openConversationId: string }
  | { kind: "user"; userId: string };

export function targetOf(chatId: string): ChatTarget {
  return chatId.startsWith("cid")
    ? { kind: "group", openConversationId: chatId }
    : { kind: "user", userId: chatId };
}

const PREFIX = "qf1";

/**
 * A card's outTrackId names the chat it was put in: DingTalk's button
 * callback carries only the outTrackId and the presser (spaceId arrives
 * empty), and the core needs the chat (a group's 已阅并知晓, a group quiz's
 * answers). `unique` makes it one card: an outbox row's id makes a resend
 * after a crash the same card (DingTalk refuses it as param.cardAlreadyExist).
 */
export function cardTrackId(chatId: string, unique: string): string {
  return `${PREFIX}.${Buffer.from(chatId, "utf8").toString("base64url")}.${unique}`;
}

/** A one-off card id (replies, group quiz questions). */
export function freshUnique(): string {
  return `r${randomBytes(9).toString("base64url")}`;
}

/** The chat a card was put in, or undefined for an outTrackId that is not one of ours. */
export function chatOfTrackId(outTrackId: string): ChatRef | undefined {
  const m = /^qf1\.([A-Za-z0-9_-]{1,200})\.[A-Za-z0-9_-]{1,64}$/.exec(outTrackId);
  if (!m?.[1]) return undefined;
  const chatId = Buffer.from(m[1], "base64url").toString("utf8");
  if (chatId === "" || /[\s\u0000-\u001f]/.test(chatId)) return undefined;
  return { id: chatId, type: targetOf(chatId).kind === "group" ? "group" : "dm" };
}
