import type { Client } from "@larksuiteoapi/node-sdk";
import { FeishuApiError, toApiError } from "./feishu-api-error.js";
import type { FeishuCard } from "./render-card.js";

/** Where a new message goes: a chat (oc_…) or a user's DM with the bot (ou_…). */
export type Recipient = { chatId: string } | { openId: string };

/**
 * A chat or a user, by the id's prefix: Feishu's ids say what they name
 * (oc_ chats, ou_ open_ids). The core addresses a DM by the user's id
 * (campaign reminders to roster members), so both reach the sender.
 */
export function recipientOf(id: string): Recipient {
  return id.startsWith("ou_") ? { openId: id } : { chatId: id };
}

/**
 * One interactive card, sent once: `uuid` makes a repeated request within an
 * hour return the first message instead of posting another (≤ 50 characters).
 * Resolves with the message id; throws a FeishuApiError when the platform
 * refused, or the network error.
 */
export async function sendCard(
  client: Client,
  to: Recipient,
  card: FeishuCard,
  uuid: string,
): Promise<string> {
  const [type, id] =
    "chatId" in to ? (["chat_id", to.chatId] as const) : (["open_id", to.openId] as const);
  return messageId(() =>
    client.im.v1.message.create({
      params: { receive_id_type: type },
      data: { receive_id: id, msg_type: "interactive", content: JSON.stringify(card), uuid },
    }),
  );
}

/** A card answering a message (quoted under it in the chat). */
export async function replyCard(
  client: Client,
  parentMessageId: string,
  card: FeishuCard,
  uuid: string,
): Promise<string> {
  return messageId(() =>
    client.im.v1.message.reply({
      path: { message_id: parentMessageId },
      data: { msg_type: "interactive", content: JSON.stringify(card), uuid },
    }),
  );
}

async function messageId(
  call: () => Promise<{ code?: number; msg?: string; data?: { message_id?: string } }>,
): Promise<string> {
  let res: Awaited<ReturnType<typeof call>>;
  try {
    res = await call();
  } catch (error) {
    throw toApiError(error);
  }
  const id = res?.data?.message_id;
  if (res?.code === 0 && id) return id;
  throw new FeishuApiError(200, res?.code, `code ${res?.code}: ${res?.msg ?? "no message id"}`);
}
