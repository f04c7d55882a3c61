import { generateReqId, type WsFrame } from "@wecom/aibot-node-sdk";
import type { ActionEvent, MessageEvent } from "../../kernel/events.js";
import type { Handle } from "../../kernel/handle.js";
import type { Log } from "../../kernel/log.js";
import { type OutMessage, textMessage } from "../../kernel/out-message.js";
import type { AdapterRoute, PlatformAdapter } from "../../kernel/platform-adapter.js";
import type { Reply } from "../../kernel/reply.js";
import { WorkQueue } from "../../kernel/work-queue.js";
import { mapCardPress, mapMessage } from "./map-frame.js";
import { renderCards } from "./render-cards.js";
import { renderMarkdown } from "./render-markdown.js";
import type { WecomConnection } from "./wecom-connection.js";
import { describeWecomError } from "./wecom-errors.js";
import type { WecomSender } from "./wecom-sender.js";

export interface WecomAdapterOptions {
  connection: WecomConnection;
  /** Proactive sends (button results, private messages) go through the sender. */
  sender: WecomSender;
  botId: string;
  handle: Handle;
  /** Whether a word names a registered command ("quiz 5" vs a question). */
  isCommand: (name: string) => boolean;
  log: Log;
  /** Core calls running at once; the rest wait their turn (default 8). */
  concurrency?: number | undefined;
}

/** Callbacks received but not yet handled; beyond this new ones are dropped and logged. */
const MAX_WAITING = 1_000;

/** "二级普通文本，建议不超过112个字": where a pressed card shows its notice. */
const NOTICE_CHARS = 112;

/**
 * WeCom's intelligent bot (智能机器人) over its long connection. Message
 * callbacks (single chats, and group messages that @mention the bot) become
 * core messages answered in the same chat by passive reply (a finished
 * stream per markdown part, then a button card per 6 buttons); card button
 * presses become core actions, whose notice updates the pressed card for the
 * one who pressed it, and whose messages go to the card's chat by proactive
 * send. A redelivered callback keeps its msgid, which the core sees once.
 */
export class WecomAdapter implements PlatformAdapter {
  readonly platform = "wecom";
  private readonly work: WorkQueue;
  private started = false;
  private stopped = false;

  constructor(private readonly o: WecomAdapterOptions) {
    this.work = new WorkQueue({
      concurrency: o.concurrency ?? 8,
      maxWaiting: MAX_WAITING,
      onError: (error) =>
        o.log("error", "wecom callback failed", {
          error: error instanceof Error ? error.message : String(error),
        }),
    });
    const client = o.connection.client;
    client.on("message", (frame) => this.guard("message", () => this.onMessage(frame)));
    client.on("event.template_card_event", (frame) =>
      this.guard("card", () => this.onCardPress(frame)),
    );
  }

  async start(): Promise<void> {
    await this.o.connection.open();
    this.started = true;
    this.stopped = false;
  }

  /** Stops taking callbacks, lets the ones in flight answer, then closes the connection. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.work.idle();
    this.o.connection.close();
  }

  routes(): AdapterRoute[] {
    return [];
  }

  /** Started, not stopping, and the connection is subscribed (false while it reconnects). */
  ready(): boolean {
    return this.started && !this.stopped && this.o.connection.up;
  }

  private onMessage(frame: WsFrame): void {
    if (this.stopped) return;
    const event = mapMessage(frame.body, this.o.botId, this.o.isCommand);
    if (!event) {
      this.o.log("debug", "wecom message callback ignored", { reqId: frame.headers?.req_id });
      return;
    }
    this.queue(event, this.messageReply(frame, event));
  }

  private onCardPress(frame: WsFrame): void {
    if (this.stopped) return;
    const press = mapCardPress(frame.body, this.o.botId);
    if (!press) {
      this.o.log("debug", "wecom card event ignored", { reqId: frame.headers?.req_id });
      return;
    }
    this.queue(press.event, this.pressReply(frame, press.event, press.taskId));
  }

  private queue(event: MessageEvent | ActionEvent, reply: Reply): void {
    if (!this.work.offer(() => this.o.handle(event, reply)))
      this.o.log("warn", "wecom work queue full: callback dropped", { type: event.type });
  }

  /** Passive replies on the callback's req_id: they go to the chat the message came from. */
  private messageReply(frame: WsFrame, event: MessageEvent): Reply {
    const client = this.o.connection.client;
    return {
      send: async (message) => {
        try {
          // In order: a long answer split over several messages reads top to bottom.
          for (const part of renderMarkdown(message))
            await client.replyStream(frame, generateReqId("stream"), part, true);
          for (const card of renderCards(message)) {
            this.o.connection.cards.remember(card);
            await client.replyTemplateCard(frame, card);
          }
        } catch (error) {
          throw new Error(`wecom reply: ${describeWecomError(error)}`);
        }
      },
      sendPrivate: (message) => this.sendPrivate(event.user.id, message),
      ack: async () => {},
    };
  }

  /** A press has no reply window of its own: messages go by proactive send to the card's chat. */
  private pressReply(frame: WsFrame, event: ActionEvent, taskId: string): Reply {
    return {
      send: (message) => this.o.sender.deliver(event.chat.id, message),
      sendPrivate: (message) => this.sendPrivate(event.user.id, message),
      ack: async (notice) => {
        if (!notice) return;
        const card = this.o.connection.cards.get(taskId);
        if (card) {
          // Within WeCom's 5 s, for the one who pressed only: a group's card stays as it was for the others.
          await this.quietly("card update", () =>
            this.o.connection.client.updateTemplateCard(
              frame,
              { ...card, sub_title_text: Array.from(notice).slice(0, NOTICE_CHARS).join("") },
              [event.user.id],
            ),
          );
        } else if (event.chat.type === "dm") {
          // A card from before a restart: say it in the single chat instead.
          await this.quietly("notice", () =>
            this.o.sender.deliver(event.chat.id, textMessage(notice)),
          );
        }
      },
    };
  }

  private async sendPrivate(userId: string, message: OutMessage): Promise<boolean> {
    try {
      await this.o.sender.deliver(userId, message);
      return true;
    } catch (error) {
      // WeCom sends to a single chat only after the user has written to the bot there.
      this.o.log("warn", "wecom private message failed", {
        user: userId,
        error: error instanceof Error ? error.message : String(error),
      });
      return false;
    }
  }

  /** A notice is a courtesy: its failure is logged, not turned into an error message. */
  private async quietly(what: string, call: () => Promise<unknown>): Promise<void> {
    try {
      await call();
    } catch (error) {
      this.o.log("warn", `wecom ${what} failed`, { error: describeWecomError(error) });
    }
  }

  /** No callback may throw into the SDK's frame loop. */
  private guard(kind: string, run: () => void): void {
    try {
      run();
    } catch (error) {
      this.o.log("error", "wecom callback failed", {
        kind,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
}
