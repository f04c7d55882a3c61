import { type Client, EventDispatcher, LoggerLevel } from "@larksuiteoapi/node-sdk";
import type { ActionEvent } from "../../kernel/events.js";
import type { Handle } from "../../kernel/handle.js";
import type { Log } from "../../kernel/log.js";
import type { AdapterRoute, PlatformAdapter } from "../../kernel/platform-adapter.js";
import { realScheduler } from "../../kernel/scheduler.js";
import { WorkQueue } from "../../kernel/work-queue.js";
import { ToastWindow } from "./card-toast.js";
import { ChatInfo } from "./chat-info.js";
import { timedHttp } from "./feishu-client.js";
import { FeishuConnection, type ReconnectPolicy } from "./feishu-connection.js";
import { FeishuReplies } from "./feishu-replies.js";
import { type BotContext, mapCardAction, mapMessage, type ReceivedMessage } from "./map-event.js";
import { type BotIdentity, probeBot } from "./probe-bot.js";
import { sdkLogger } from "./sdk-logger.js";

export interface FeishuAdapterOptions {
  /** The app's Open API client (shared with the sender). */
  client: Client;
  appId: string;
  appSecret: string;
  /** Open API base URL (FEISHU_DOMAIN resolved). */
  domain: string;
  handle: Handle;
  /** Whether a word names a registered command: "@清风 quiz 5" in a group is a command. */
  isCommand: (name: string) => boolean;
  log: Log;
  /** Limit on each call while starting and on each connection attempt; default 10 s. */
  timeoutMs?: number | undefined;
  /** Seconds after a ping without an answer before the connection counts as dead (default 30). */
  pingTimeoutSeconds?: number | undefined;
  /** Waits between reconnect attempts; default 1 s doubling to 1 min on real timers. */
  reconnect?: Partial<ReconnectPolicy> | undefined;
  /** Core calls running at once; the rest wait their turn (default 8). */
  concurrency?: number | undefined;
  /** How long a button press waits for the core's notice to show it as a toast (default 2.5 s). */
  toastWindowMs?: number | undefined;
  /** How an answer waits out a rate limit (default: a real timer; tests advance a fake clock). */
  sleep?: ((ms: number) => Promise<void>) | undefined;
}

/** Events handed over but not yet handled; beyond this an event is refused and Feishu redelivers it. */
const MAX_WAITING = 1000;

/**
 * Feishu / Lark over the long connection: im.message.receive_v1 (DMs, and
 * group messages that @mention the bot) and card.action.trigger (button
 * presses) arrive as frames of the SDK's WSClient. Feishu wants each event
 * handled within 3 s, so events are acknowledged at once and the core runs
 * behind a work queue; a press's notice rides on the acknowledgement as a
 * toast when it is ready in time. A redelivered event carries the same
 * event_id and is handled once (the kernel's delivery log).
 */
export class FeishuAdapter implements PlatformAdapter {
  readonly platform = "feishu";
  private identity: BotIdentity | undefined;
  private stopped = false;
  private readonly work: WorkQueue;
  private readonly connection: FeishuConnection;
  private readonly chats: ChatInfo;
  private readonly replies: FeishuReplies;
  private readonly log: Log;

  constructor(private readonly o: FeishuAdapterOptions) {
    this.log = o.log;
    this.work = new WorkQueue({
      concurrency: o.concurrency ?? 8,
      maxWaiting: MAX_WAITING,
      onError: (error) => this.log("error", "feishu event failed", { error: describe(error) }),
    });
    this.chats = new ChatInfo(o.client, o.log);
    this.replies = new FeishuReplies(o.client, o.log, o.sleep);
    const logger = sdkLogger(o.log);
    const dispatcher = new EventDispatcher({ logger, loggerLevel: LoggerLevel.info }).register<{
      "card.action.trigger": (data: unknown) => Promise<unknown>;
    }>({
      "im.message.receive_v1": (data: unknown) => this.onMessage(data),
      "card.action.trigger": (data: unknown) => this.onPress(data),
    });
    const timeoutMs = o.timeoutMs ?? 10_000;
    this.connection = new FeishuConnection({
      appId: o.appId,
      appSecret: o.appSecret,
      domain: o.domain,
      dispatcher,
      httpInstance: timedHttp(timeoutMs),
      sdkLogger: logger,
      log: o.log,
      timeoutMs,
      pingTimeoutSeconds: o.pingTimeoutSeconds ?? 30,
      reconnect: {
        scheduler: realScheduler,
        initialDelayMs: 1_000,
        maxDelayMs: 60_000,
        random: Math.random,
        ...o.reconnect,
      },
    });
  }

  async start(): Promise<void> {
    this.stopped = false;
    this.identity ??= await probeBot(this.o.client);
    await this.connection.open();
    this.log("info", "feishu connected", {
      bot: this.identity.name,
      botOpenId: this.identity.openId,
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.connection.close();
    await this.work.idle();
  }

  /** Events come over the long connection: nothing is served on the shared HTTP server. */
  routes(): AdapterRoute[] {
    return [];
  }

  ready(): boolean {
    return this.identity !== undefined && this.connection.connected && !this.stopped;
  }

  private bot(): BotContext | undefined {
    if (!this.identity) return undefined;
    return { appId: this.o.appId, botOpenId: this.identity.openId, isCommand: this.o.isCommand };
  }

  private onMessage(data: unknown): void {
    const bot = this.bot();
    const received = bot && mapMessage(data, bot);
    if (!received) {
      this.log("debug", "feishu event ignored", { type: "im.message.receive_v1" });
      return;
    }
    const { event } = received;
    // At debug level an admin can read the open_ids FEISHU_ADMIN_IDS needs.
    this.log("debug", "feishu message", { chat: event.chat.id, user: event.user.id });
    this.chats.remember(event.chat.id, event.chat.type);
    this.enqueue("message", () => this.answer(received));
  }

  private async answer({ event, messageId }: ReceivedMessage): Promise<void> {
    const group = event.chat.type === "group";
    // A group's owner is its admin (group commands such as /subscribe).
    const isChatAdmin =
      group && event.command ? await this.chats.isOwner(event.chat.id, event.user.id) : undefined;
    await this.o.handle(
      { ...event, user: { ...event.user, isChatAdmin } },
      this.replies.toMessage({
        deliveryId: event.deliveryId ?? messageId,
        chatId: event.chat.id,
        userId: event.user.id,
        replyTo: group ? messageId : undefined,
      }),
    );
  }

  /** Resolves with the callback's response: a toast when the core had a notice in time. */
  private async onPress(data: unknown): Promise<unknown> {
    const bot = this.bot();
    const pressed = bot && mapCardAction(data, bot);
    if (!pressed) {
      this.log("debug", "feishu event ignored", { type: "card.action.trigger" });
      return undefined;
    }
    const toast = new ToastWindow(this.o.toastWindowMs ?? 2_500);
    try {
      this.enqueue("action", async () => {
        try {
          const event: ActionEvent = {
            type: "action",
            platform: "feishu",
            deliveryId: pressed.deliveryId,
            chat: { id: pressed.chatId, type: await this.chats.typeOf(pressed.chatId) },
            user: { id: pressed.userId },
            data: pressed.data,
          };
          await this.o.handle(event, this.replies.toPress({ ...pressed }, toast));
        } finally {
          toast.close();
        }
      });
    } catch (error) {
      toast.close();
      throw error;
    }
    const notice = await toast.result;
    return notice === undefined ? undefined : { toast: { type: "info", content: notice } };
  }

  /**
   * Queues the core's work behind the acknowledgement. When too much is
   * waiting the event is refused (the SDK answers 500) so Feishu delivers it
   * again later instead of it being lost.
   */
  private enqueue(kind: string, job: () => Promise<void>): void {
    if (this.stopped) throw new Error("feishu adapter stopped");
    const queued = this.work.offer(() =>
      job().catch((error: unknown) => {
        this.log("error", "feishu event failed", { kind, error: describe(error) });
      }),
    );
    if (!queued) {
      this.log("warn", "feishu work queue full: event refused for redelivery", { kind });
      throw new Error("too many events waiting");
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
