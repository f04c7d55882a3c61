import type { ChatRef, MessageEvent } from "../../kernel/events.js";
import { typedCommand } from "../../kernel/typed-command.js";

/** A robot message as the core sees it, with the session webhook its answer may use. */
export interface RobotInbound {
  event: MessageEvent;
  /** The message's session webhook, when it is DingTalk's and still valid. */
  webhook?: string | undefined;
}

export interface RobotMessageContext {
  /** Our robot: a message for another robot (robotCode) is not ours to answer. */
  robotCode: string;
  isCommand: (name: string) => boolean;
  /** Origins a session webhook may have (DingTalk's oapi host, or the emulator's). */
  webhookOrigins: readonly string[];
  now: () => number;
}

/**
 * The data of a /v1.0/im/bot/messages/get callback as a core message, or the
 * reason it is ignored. DingTalk delivers to the robot every message of a
 * one-to-one chat (conversationType "1") and, in a group ("2"), only those
 * that @mention it, so every message taken is addressed to the bot. A DM's
 * chat is the sender's staff id, as the core names a user's DM everywhere.
 */
export function mapRobotMessage(
  data: unknown,
  ctx: RobotMessageContext,
): RobotInbound | { ignored: string } {
  if (!isRecord(data)) return { ignored: "data is not an object" };
  const msgId = str(data.msgId);
  if (!msgId) return { ignored: "no msgId" };
  const robotCode = str(data.robotCode);
  if (robotCode && robotCode !== ctx.robotCode) return { ignored: "for another robot" };
  const userId = str(data.senderStaffId) ?? str(data.senderId);
  if (!userId) return { ignored: "no sender" };
  const conversationId = str(data.conversationId);
  let chat: ChatRef;
  if (data.conversationType === "1") chat = { id: userId, type: "dm" };
  else if (data.conversationType === "2" && conversationId)
    chat = { id: conversationId, type: "group", title: str(data.conversationTitle) };
  else return { ignored: "unknown conversation type" };
  const raw = messageText(data);
  if (raw === undefined) return { ignored: `msgtype ${String(data.msgtype)} is not text` };
  // Never cut: the core refuses an over-long question with its real length, and /case add takes long text.
  const text = raw.trim();
  if (text === "") return { ignored: "empty text" };
  const command = typedCommand(text, ctx.isCommand);
  return {
    event: {
      type: "message",
      platform: "dingtalk",
      // msgId is the message's own id: a redelivery (no ack in time, a reconnect) carries the same.
      deliveryId: `msg:${msgId}`,
      chat,
      user: {
        id: userId,
        name: str(data.senderNick),
        isChatAdmin: chat.type === "group" ? data.isAdmin === true : undefined,
      },
      text,
      addressed: true,
      command,
    },
    webhook: sessionWebhook(data, ctx),
  };
}

/** Text of a text message, or the text runs of a rich-text one. */
function messageText(data: Record<string, unknown>): string | undefined {
  if (data.msgtype === "text" && isRecord(data.text)) return str(data.text.content) ?? "";
  if (data.msgtype === "richText" && isRecord(data.content) && Array.isArray(data.content.richText))
    return data.content.richText
      .map((run: unknown) => (isRecord(run) ? (str(run.text) ?? "") : ""))
      .join("");
  return undefined;
}

function sessionWebhook(data: Record<string, unknown>, ctx: RobotMessageContext) {
  const url = str(data.sessionWebhook);
  if (!url) return undefined;
  const expires = Number(data.sessionWebhookExpiredTime);
  // A minute's margin: an answer takes a moment, and an expired webhook costs a failed post.
  if (Number.isFinite(expires) && expires - 60_000 < ctx.now()) return undefined;
  try {
    return ctx.webhookOrigins.includes(new URL(url).origin) ? url : undefined;
  } catch {
    return undefined;
  }
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
