import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { Telegraf, type Telegram, TelegramError } from "telegraf";
import type { Update } from "telegraf/types";
import type { CoreEvent } from "../../kernel/events.js";
import type { Handle } from "../../kernel/handle.js";
import type { Log } from "../../kernel/log.js";
import type { OutMessage } from "../../kernel/out-message.js";
import {
  type AdapterRoute,
  type PlatformAdapter,
  PlatformStartError,
  RequestRejected,
} from "../../kernel/platform-adapter.js";
import type { Reply } from "../../kernel/reply.js";
import { WorkQueue } from "../../kernel/work-queue.js";
import { type BotIdentity, mapUpdate } from "./map-update.js";
import { parseUpdate } from "./parse-update.js";
import { renderHtml } from "./render-html.js";
import { withRetries } from "./with-retries.js";
import { withTimeouts } from "./with-timeouts.js";

export interface TelegramAdapterOptions {
  token: string;
  /** A self-hosted or emulated Bot API server (TELEGRAM_API_ROOT). */
  apiRoot?: string | undefined;
  handle: Handle;
  log: Log;
  /** Webhook mode (TELEGRAM_WEBHOOK_URL + TELEGRAM_WEBHOOK_SECRET); long polling otherwise. */
  webhook?: { url: string; secret: string; path?: string | undefined } | undefined;
  sleep?: (ms: number) => Promise<void>;
  maxRetries?: number;
  /** Limit on every Bot API call but the long poll (getMe at start included); default 10 s. */
  callTimeoutMs?: number | undefined;
  /** Updates handled at once; the rest wait their turn (default 8). */
  concurrency?: number | undefined;
}

export const TELEGRAM_WEBHOOK_PATH = "/telegram/webhook";

/** Updates are a few kilobytes; the shared server refuses more while reading. */
const MAX_BODY = 1024 * 1024;

/** Updates accepted but not yet handled; beyond this the webhook answers 503 and Telegram retries. */
const MAX_WAITING = 1000;

/**
 * Telegram over telegraf: long polling by default, a webhook route on the
 * shared server when configured. Updates are mapped to core events; every
 * callback query is answered; one failed update never stops the bot.
 */
export class TelegramAdapter implements PlatformAdapter {
  readonly platform = "telegram" as const;
  private readonly bot: Telegraf;
  private identity: BotIdentity | undefined;
  private polling = false;
  private stopped = false;
  private readonly work: WorkQueue;

  constructor(private readonly options: TelegramAdapterOptions) {
    this.bot = new Telegraf(options.token, {
      telegram: { apiRoot: options.apiRoot ?? "https://api.telegram.org", webhookReply: false },
      handlerTimeout: 60_000,
    });
    this.work = new WorkQueue({
      concurrency: options.concurrency ?? 8,
      maxWaiting: MAX_WAITING,
      onError: (error) =>
        options.log("error", "telegram update failed", {
          error: error instanceof Error ? error.message : String(error),
        }),
    });
    withTimeouts(this.bot.telegram, options.callTimeoutMs ?? 10_000);
    withRetries(this.bot.telegram, {
      sleep: options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
      maxRetries: options.maxRetries ?? 3,
      log: options.log,
      except: ["getMe", "setWebhook", "deleteWebhook"],
    });
    // Webhook updates are queued by the route (which answers Telegram first); polled ones here,
    // and telegraf waiting for them is what paces the next poll.
    this.bot.use((ctx) =>
      this.options.webhook
        ? this.onUpdate(ctx.update)
        : this.work.run(() => this.onUpdate(ctx.update)),
    );
    this.bot.catch((error, ctx) => {
      options.log("error", "telegram update failed", {
        updateId: ctx.update.update_id,
        error: error instanceof Error ? error.message : String(error),
      });
    });
  }

  async start(): Promise<void> {
    let me: Awaited<ReturnType<Telegram["getMe"]>>;
    let step = "getMe";
    try {
      me = await this.bot.telegram.getMe();
      if (this.options.webhook) {
        step = "setWebhook";
        await this.bot.telegram.setWebhook(this.options.webhook.url, {
          secret_token: this.options.webhook.secret,
        });
      } else {
        // launch() does this too, but its failure would only stop polling in the background.
        step = "deleteWebhook";
        await this.bot.telegram.deleteWebhook({ drop_pending_updates: false });
      }
    } catch (error) {
      throw startError(step, error, this.options.callTimeoutMs ?? 10_000);
    }
    this.bot.botInfo = me;
    this.identity = { id: me.id, username: me.username };
    if (this.options.webhook) return;
    this.polling = true;
    // launch() resolves only when polling stops: run it in the background.
    this.bot.launch({ dropPendingUpdates: false }).catch((error: unknown) => {
      this.polling = false;
      this.options.log("error", "telegram polling stopped", {
        error: error instanceof Error ? error.message : String(error),
      });
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.polling) this.bot.stop("shutdown");
    this.polling = false;
    await this.work.idle();
  }

  ready(): boolean {
    return this.identity !== undefined && !this.stopped && (this.polling || !!this.options.webhook);
  }

  routes(): AdapterRoute[] {
    const webhook = this.options.webhook;
    if (!webhook) return [];
    const expected = Buffer.from(webhook.secret);
    return [
      {
        method: "POST",
        path: webhook.path ?? TELEGRAM_WEBHOOK_PATH,
        // The secret header is checked before a byte of the body is read.
        admit: (req) => {
          const given = req.headers["x-telegram-bot-api-secret-token"];
          const buffer = Buffer.from(typeof given === "string" ? given : "");
          if (buffer.length !== expected.length || !timingSafeEqual(buffer, expected)) {
            throw new RequestRejected(403, "wrong or missing telegram secret token");
          }
          if (!this.identity || this.stopped) {
            throw new RequestRejected(503, "telegram is not connected yet");
          }
          if (this.work.full) throw new RequestRejected(503, "too many updates waiting");
          return MAX_BODY;
        },
        handle: (_req: IncomingMessage, res: ServerResponse, body: Buffer) => {
          const update = parseUpdate(body);
          // Answered before the work: Telegram waits for nobody's answer, and redelivers on errors.
          if (!this.work.offer(() => this.bot.handleUpdate(update))) {
            throw new RequestRejected(503, "too many updates waiting");
          }
          res.writeHead(200);
          res.end();
        },
      },
    ];
  }

  private async onUpdate(update: Update): Promise<void> {
    const identity = this.identity;
    if (!identity) return;
    const event = mapUpdate(update, identity);
    const callbackId = "callback_query" in update ? update.callback_query.id : undefined;
    if (!event) {
      if (callbackId) await this.bot.telegram.answerCbQuery(callbackId);
      return;
    }
    if (event.type === "message" && event.command && event.chat.type === "group") {
      event.user.isChatAdmin = await this.isChatAdmin(event.chat.id, event.user.id);
    }
    const replyTo =
      "message" in update && event.chat.type === "group" ? update.message.message_id : undefined;
    let acked = false;
    const reply = this.replyFor(event, replyTo, callbackId, () => {
      acked = true;
    });
    try {
      await this.options.handle(event, reply);
    } finally {
      // Telegram shows a spinner until a callback query is answered: always answer it.
      if (callbackId && !acked)
        await this.bot.telegram.answerCbQuery(callbackId).catch(() => undefined);
    }
  }

  private replyFor(
    event: CoreEvent,
    replyTo: number | undefined,
    callbackId: string | undefined,
    onAck: () => void,
  ): Reply {
    return {
      send: (message) => this.sendTo(event.chat.id, message, replyTo),
      sendPrivate: async (message) => {
        try {
          await this.sendTo(event.user.id, message, undefined);
          return true;
        } catch (error) {
          if (
            (error as { code?: unknown }).code === 403 ||
            (error as { code?: unknown }).code === 400
          )
            return false;
          throw error;
        }
      },
      ack: async (notice) => {
        if (!callbackId) return;
        onAck();
        await this.bot.telegram.answerCbQuery(callbackId, notice);
      },
    };
  }

  private async sendTo(
    chatId: string,
    message: OutMessage,
    replyTo: number | undefined,
  ): Promise<void> {
    const parts = renderHtml(message);
    const keyboard = (message.buttons ?? []).map((row) =>
      row.map((b) => ({ text: b.label, callback_data: b.data })),
    );
    for (let i = 0; i < parts.length; i++) {
      const last = i === parts.length - 1;
      await this.bot.telegram.sendMessage(chatId, parts[i] ?? "", {
        parse_mode: "HTML",
        link_preview_options: { is_disabled: true },
        ...(replyTo !== undefined && i === 0
          ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } }
          : {}),
        ...(last && keyboard.length > 0 ? { reply_markup: { inline_keyboard: keyboard } } : {}),
      });
    }
  }

  private async isChatAdmin(chatId: string, userId: string): Promise<boolean> {
    try {
      const member = await this.bot.telegram.getChatMember(chatId, Number(userId));
      return member.status === "creator" || member.status === "administrator";
    } catch {
      return false;
    }
  }
}

/** A start failure as retryable (network, timeout, 5xx, 429) or not (401/404: a wrong token). */
function startError(step: string, error: unknown, timeoutMs: number): PlatformStartError {
  const message =
    (error as { name?: unknown }).name === "AbortError"
      ? `did not answer within ${timeoutMs} ms`
      : error instanceof Error
        ? error.message
        : String(error);
  if (error instanceof TelegramError && (error.code === 401 || error.code === 404)) {
    return new PlatformStartError(
      "telegram",
      "PLATFORM_REJECTED",
      `Telegram refused the bot token (${step}: ${message}): check TELEGRAM_BOT_TOKEN.`,
      { cause: error },
    );
  }
  return new PlatformStartError("telegram", "PLATFORM_UNREACHABLE", `${step}: ${message}`, {
    cause: error,
  });
}
