import type { SendMsgBody } from "@wecom/aibot-node-sdk";
import type { Log } from "../../kernel/log.js";
import type { OutMessage } from "../../kernel/out-message.js";
import { SendError, type Sender, type SendTag } from "../../kernel/sender.js";
import { renderCards } from "./render-cards.js";
import { renderMarkdown } from "./render-markdown.js";
import type { WecomConnection } from "./wecom-connection.js";
import { classifySendError, describeWecomError } from "./wecom-errors.js";

/**
 * How long a process that does not hold the bot's connection defers a send:
 * the running `qingfeng start` holds it (WeCom allows one per bot, and
 * connecting here would disconnect that one), and its dispatcher sends the
 * row once it is due again.
 */
export const NOT_HOLDING_CONNECTION_WAIT_MS = 15 * 60_000;

/** Sends remembered mid-way (parts delivered before a failure), at most this many. */
const MAX_PROGRESS = 1_000;

/**
 * Proactive sends (aibot_send_msg) over the bot's one connection: a message
 * is its markdown parts, then a button card per 6 buttons. One attempt per
 * call; failures are classified for the dispatcher, which paces and retries.
 * A send that failed after some of its parts went out resumes after them on
 * its retry, so a group never gets the same part twice from one process.
 */
export class WecomSender implements Sender {
  readonly platform = "wecom";
  /** Parts already delivered of a send that failed after them, by outbox row and chat. */
  private readonly progress = new Map<string, number>();
  private warnedNotHolding = false;

  constructor(
    private readonly connection: WecomConnection,
    private readonly log: Log,
  ) {}

  async send(chatId: string, message: OutMessage, tag: SendTag): Promise<{ messageIds: string[] }> {
    this.assertConnected();
    // Only outbox rows resume (their message is rendered the same on every attempt); other
    // senders (group quiz rounds) pass no row and always send whole.
    const key = tag.outboxId > 0 ? `${tag.outboxId}:${chatId}` : undefined;
    const done = key ? (this.progress.get(key) ?? 0) : 0;
    try {
      const ids = await this.post(chatId, message, done, (n) => {
        if (key) this.remember(key, n);
      });
      if (key) this.progress.delete(key);
      return { messageIds: ids };
    } catch (error) {
      throw new SendError(classifySendError(error), describeWecomError(error));
    }
  }

  /**
   * Sends a message to a chat (a group's chatid, or a user's userid for the
   * single chat) outside any conversation: replies to button presses and
   * private messages. Throws an Error naming WeCom's errcode on failure.
   */
  async deliver(chatId: string, message: OutMessage): Promise<void> {
    try {
      await this.post(chatId, message, 0, () => {});
    } catch (error) {
      throw new Error(`wecom send to ${chatId}: ${describeWecomError(error)}`);
    }
  }

  private async post(
    chatId: string,
    message: OutMessage,
    skip: number,
    delivered: (count: number) => void,
  ): Promise<string[]> {
    const bodies: SendMsgBody[] = [
      ...renderMarkdown(message).map(
        (content): SendMsgBody => ({ msgtype: "markdown", markdown: { content } }),
      ),
      ...renderCards(message).map((card): SendMsgBody => {
        this.connection.cards.remember(card);
        return { msgtype: "template_card", template_card: card };
      }),
    ];
    const ids: string[] = [];
    for (let i = skip; i < bodies.length; i++) {
      const body = bodies[i];
      if (!body) continue;
      const ack = await this.connection.client.sendMessage(chatId, body);
      ids.push(String(ack.headers?.req_id ?? i));
      delivered(i + 1);
    }
    return ids;
  }

  /** Down (reconnecting): wait a few seconds. Not this process's connection: leave it to the one that has it. */
  private assertConnected(): void {
    if (this.connection.up) return;
    if (this.connection.opened)
      throw new SendError(
        { kind: "rate-limited", retryAfterMs: 5_000 },
        "wecom: reconnecting to WeCom",
      );
    if (!this.warnedNotHolding) {
      this.warnedNotHolding = true;
      this.log("warn", "wecom sends deferred: this process does not hold the bot's connection", {
        hint: "the running `qingfeng start` sends them; WeCom keeps one connection per bot, so this process does not open another",
      });
    }
    throw new SendError(
      { kind: "rate-limited", retryAfterMs: NOT_HOLDING_CONNECTION_WAIT_MS },
      "wecom: this process does not hold the bot's connection",
    );
  }

  private remember(key: string, delivered: number): void {
    this.progress.delete(key);
    this.progress.set(key, delivered);
    if (this.progress.size > MAX_PROGRESS) {
      const oldest = this.progress.keys().next().value;
      if (oldest !== undefined) this.progress.delete(oldest);
    }
  }
}
