import type { OutMessage } from "../../../bot/kernel/out-message.js";
import type { Sender } from "../../../bot/kernel/sender.js";
import type { LoopbackClient } from "./loopback-client.js";
import { renderWire } from "./render-wire.js";
import type { WireSendMessage } from "./wire.js";

/** Broadcasts to loopback chats: one sendMessage per message, failures reported, never retried here. */
export class LoopbackSender implements Sender {
  readonly platform = "loopback";

  constructor(private readonly client: LoopbackClient) {}

  async send(chatId: string, message: OutMessage): Promise<{ messageIds: string[] }> {
    const body: WireSendMessage = { chat_id: chatId, ...renderWire(message) };
    const sent = await this.client.call<{ message_id: string }>("sendMessage", body);
    return { messageIds: [sent.message_id] };
  }
}
