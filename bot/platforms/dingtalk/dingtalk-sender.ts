import type { OutMessage } from "../../kernel/out-message.js";
import { SendError, type Sender, type SendTag } from "../../kernel/sender.js";
import { classifyFailure } from "./classify-failure.js";
import type { Messenger } from "./messenger.js";

/**
 * Broadcast sends (case notices, reminders, campaign announcements, group
 * quiz questions) through DingTalk's server API: one attempt, the failure
 * classified for the dispatcher, which paces every send within the
 * descriptor's limits and retries. A notice's card carries its outbox row in
 * its outTrackId, so a row sent again after a crash is not a second card.
 */
export class DingTalkSender implements Sender {
  readonly platform = "dingtalk";

  constructor(private readonly messenger: Messenger) {}

  async send(chatId: string, message: OutMessage, tag: SendTag): Promise<{ messageIds: string[] }> {
    try {
      return {
        messageIds: await this.messenger.deliver(chatId, message, { outboxId: tag.outboxId }),
      };
    } catch (error) {
      throw new SendError(
        classifyFailure(error),
        error instanceof Error ? error.message : String(error),
      );
    }
  }
}
