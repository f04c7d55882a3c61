import { createHash, randomUUID } from "node:crypto";
import type { Client } from "@larksuiteoapi/node-sdk";
import type { OutMessage } from "../../kernel/out-message.js";
import { SendError, type Sender, type SendTag } from "../../kernel/sender.js";
import { classify } from "./feishu-api-error.js";
import { recipientOf, sendCard } from "./feishu-messages.js";
import { renderCards } from "./render-card.js";

/**
 * The uuid of one part of an outbox row's message (≤ 50 characters). Feishu
 * posts at most one message per uuid within an hour, so a send repeated after
 * a crash, a timeout or a 429 returns the message already posted instead of a
 * copy. The chat is in it too: another Qingfeng database on the same app
 * (a staging copy) numbers its rows from 1 as well. Sends that are not
 * outbox rows (outboxId 0: a group quiz's questions) get a fresh uuid each.
 */
export function outboxUuid(chatId: string, tag: SendTag, part: number): string {
  if (tag.outboxId <= 0) return randomUUID();
  const chat = createHash("sha256").update(chatId).digest("hex").slice(0, 16);
  return `qf-o${tag.outboxId}-${part}-${chat}`;
}

/**
 * Broadcast sends through im/v1/messages: one attempt per part (the client
 * never retries; the dispatcher paces and retries), failures classified for
 * the dispatcher. No findSent: the uuid already makes a repeated send safe.
 * A chat id (oc_…) posts in the chat, a user's open_id (ou_…) in their DM.
 */
export class FeishuSender implements Sender {
  readonly platform = "feishu";

  constructor(private readonly client: Client) {}

  async send(chatId: string, message: OutMessage, tag: SendTag): Promise<{ messageIds: string[] }> {
    const ids: string[] = [];
    const cards = renderCards(message);
    for (const [i, card] of cards.entries()) {
      try {
        ids.push(
          await sendCard(this.client, recipientOf(chatId), card, outboxUuid(chatId, tag, i)),
        );
      } catch (error) {
        throw new SendError(
          classify(error),
          error instanceof Error ? error.message : String(error),
        );
      }
    }
    return { messageIds: ids };
  }
}
