import type { IncomingMessage, ServerResponse } from "node:http";
import {
  App,
  type AuthorizeResult,
  type BlockAction,
  type ButtonAction,
  HTTPReceiver,
  type RespondFn,
  webApi,
} from "@slack/bolt";
import type { ChatRef, CoreEvent } from "../../kernel/events.js";
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
import { withTimeout } from "../../kernel/with-timeout.js";
import { WorkQueue } from "../../kernel/work-queue.js";
import { BoltLogger } from "./bolt-logger.js";
import { ACTION_PREFIX, renderBlocks } from "./render-blocks.js";
import {
  assertFresh,
  assertSigned,
  assertSlackBody,
  isSslCheck,
  signatureHeaders,
  UNSIGNED_MAX_BYTES,
} from "./slack-request.js";
import { escapeMrkdwn, fromSlackText, stripMention } from "./slack-text.js";
import { parseSlashText } from "./slash-command.js";

export interface SlackAdapterOptions {
  /** xoxb- bot token (SLACK_BOT_TOKEN). */
  botToken: string;
  /** Verifies HTTP deliveries (SLACK_SIGNING_SECRET); required unless appToken is set. */
  signingSecret?: string | undefined;
  /** xapp- app-level token (SLACK_APP_TOKEN): when set, events come over Socket Mode and there are no routes. */
  appToken?: string | undefined;
  /** Web API base, e.g. "http://127.0.0.1:1234/api/" (SLACK_API_URL); default https://slack.com/api/. */
  apiUrl?: string | undefined;
  handle: Handle;
  /** Whether a word names a registered command (aliases included): `/qingfeng stats` vs a question. */
  isCommand: (name: string) => boolean;
  log: Log;
  /** The slash command registered for the app; default "/qingfeng". */
  slashCommand?: string | undefined;
  /** Extra WebClient options (tests pass `retryConfig: { retries: 0 }`). */
  clientOptions?: webApi.WebClientOptions | undefined;
  /** Limit on each call made while starting (auth.test, the Socket Mode connection); default 10 s. */
  startTimeoutMs?: number | undefined;
  /** Core calls running at once; the rest wait their turn after their ack (default 8). */
  concurrency?: number | undefined;
  /** Clock for the 5-minute window (tests). */
  now?: (() => number) | undefined;
}

/** Where Slack's Events API and interactivity requests arrive (bolt's default endpoint). */
export const SLACK_EVENTS_PATH = "/slack/events";

/** Slack's deliveries are a few kilobytes; the shared server refuses more while reading. */
const MAX_BODY = 1024 * 1024;

/** Deliveries acked but not yet handled; beyond this new deliveries get 503 and Slack retries them. */
const MAX_WAITING = 1000;

/** Web API errors that no retry can fix: the token is wrong, revoked or lacks a scope. */
const REJECTED =
  /invalid_auth|not_authed|account_inactive|token_revoked|token_expired|no_permission|missing_scope|not_allowed_token_type/;

interface BotIdentity {
  userId: string;
  botId?: string | undefined;
}

/**
 * Slack over @slack/bolt. HTTP mode serves POST /slack/events on the shared
 * server (bolt verifies the v0 signature and the 5-minute window); Socket Mode
 * when an app token is given. Every delivery is acknowledged first and the
 * core runs afterwards, so Slack never waits for an answer.
 *
 * Where answers go: a DM is answered in the DM, an @mention in the thread of
 * the question, a slash command ephemerally through its response_url (the
 * command itself was never visible to the channel, and response_url works in
 * channels the bot is not a member of); button results go where the button was.
 */
export class SlackAdapter implements PlatformAdapter {
  readonly platform = "slack" as const;
  private readonly app: App;
  private readonly receiver: HTTPReceiver | undefined;
  private readonly client: webApi.WebClient;
  private readonly log: Log;
  private readonly handle: Handle;
  private identity: Promise<BotIdentity> | undefined;
  private botUserId: string | undefined;
  private readonly work: WorkQueue;
  private readonly now: () => number;
  private socketStarted = false;
  private stopped = false;

  constructor(private readonly options: SlackAdapterOptions) {
    this.log = options.log;
    this.handle = options.handle;
    this.now = options.now ?? Date.now;
    this.work = new WorkQueue({
      concurrency: options.concurrency ?? 8,
      maxWaiting: MAX_WAITING,
      onError: (error) =>
        this.log("error", "slack event failed", {
          error: error instanceof Error ? error.message : String(error),
        }),
    });
    const logger = new BoltLogger(options.log);
    const clientOptions: webApi.WebClientOptions = {
      // The default policy retries for ~30 minutes: too late for a chat answer and it would hold stop().
      retryConfig: webApi.retryPolicies.fiveRetriesInFiveMinutes,
      ...options.clientOptions,
      logger,
      ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    };
    this.client = new webApi.WebClient(options.botToken, clientOptions);
    // Our own authorize instead of `token`: with a token bolt calls auth.test inside its
    // constructor, and a failure there surfaces as an unhandled rejection.
    const authorize = async (): Promise<AuthorizeResult> => {
      const me = await this.identify();
      return { botToken: options.botToken, botUserId: me.userId, botId: me.botId };
    };
    const common = {
      authorize,
      logger,
      clientOptions: { ...clientOptions },
      convoStore: false as const,
    };
    if (options.appToken) {
      this.app = new App({ ...common, socketMode: true, appToken: options.appToken });
    } else {
      if (!options.signingSecret) {
        throw new Error("Slack needs a signing secret (HTTP events) or an app token (Socket Mode)");
      }
      // Never started: the lead's shared server calls its requestListener through routes().
      this.receiver = new HTTPReceiver({ signingSecret: options.signingSecret, logger });
      this.app = new App({ ...common, receiver: this.receiver });
    }
    this.listen();
  }

  async start(): Promise<void> {
    const me = await this.probeIdentity();
    this.identity = Promise.resolve(me);
    this.botUserId = me.userId;
    this.log("info", "slack connected", {
      botUserId: me.userId,
      mode: this.receiver ? "http" : "socket",
    });
    if (!this.receiver && !this.socketStarted) {
      const ms = this.options.startTimeoutMs ?? 10_000;
      try {
        await withTimeout(this.app.start(), ms, "the Slack Socket Mode connection", () => {
          this.app.stop().catch(() => undefined);
        });
      } catch (error) {
        throw new PlatformStartError("slack", "PLATFORM_UNREACHABLE", describe(error), {
          cause: error,
        });
      }
      this.socketStarted = true;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.socketStarted) {
      this.socketStarted = false;
      await this.app.stop();
    }
    await this.work.idle();
  }

  routes(): AdapterRoute[] {
    const receiver = this.receiver;
    const secret = this.options.signingSecret;
    if (!receiver || !secret) return [];
    return [
      {
        method: "POST",
        path: SLACK_EVENTS_PATH,
        admit: (req) => this.admit(req),
        handle: (req, res, body) => this.serve(receiver, secret, req, res, body),
      },
    ];
  }

  ready(): boolean {
    return this.botUserId !== undefined && !this.stopped;
  }

  /** On the headers alone, before a byte of the body is read. */
  private admit(req: IncomingMessage): number {
    if (this.stopped) throw new RequestRejected(503, "shutting down");
    if (!this.botUserId) throw new RequestRejected(503, "slack is not connected yet");
    if (this.work.full) throw new RequestRejected(503, "too many deliveries waiting");
    const signed = signatureHeaders(req);
    if (!signed) return UNSIGNED_MAX_BYTES;
    // Bolt rejects only timestamps older than 5 minutes; one from the future passes its check.
    assertFresh(signed.timestamp, this.now());
    return MAX_BODY;
  }

  /**
   * The body is whole and within its limit: verify it, refuse what bolt
   * cannot parse safely, then hand it to bolt as already read (`rawBody`,
   * which bolt uses instead of reading the stream).
   */
  private serve(
    receiver: HTTPReceiver,
    secret: string,
    req: IncomingMessage,
    res: ServerResponse,
    body: Buffer,
  ): void {
    const signed = signatureHeaders(req);
    if (!signed) {
      if (!isSslCheck(req, body)) throw new RequestRejected(401, "unsigned slack request");
      res.writeHead(200);
      res.end();
      return;
    }
    assertSigned(secret, signed, body, this.now());
    assertSlackBody(req, body);
    (req as IncomingMessage & { rawBody?: Buffer }).rawBody = body;
    receiver.requestListener(req, res);
  }

  /** auth.test with a time limit and no retries: start-up must never wait minutes on one call. */
  private async probeIdentity(): Promise<BotIdentity> {
    const probe = new webApi.WebClient(this.options.botToken, {
      retryConfig: { retries: 0 },
      timeout: this.options.startTimeoutMs ?? 10_000,
      logger: new BoltLogger(this.log),
      ...(this.options.apiUrl ? { slackApiUrl: this.options.apiUrl } : {}),
    });
    try {
      const result = await probe.auth.test();
      if (!result.user_id) throw new Error("auth.test returned no user_id");
      return { userId: result.user_id, botId: result.bot_id };
    } catch (error) {
      const reason = (error as { data?: { error?: string } }).data?.error ?? "";
      throw REJECTED.test(reason)
        ? new PlatformStartError(
            "slack",
            "PLATFORM_REJECTED",
            `Slack refused the bot token (${reason}): check SLACK_BOT_TOKEN.`,
            { cause: error },
          )
        : new PlatformStartError("slack", "PLATFORM_UNREACHABLE", describe(error), {
            cause: error,
          });
    }
  }

  /** auth.test once (retried on the next call after a failure): the bot's own user id. */
  private identify(): Promise<BotIdentity> {
    this.identity ??= this.client.auth
      .test()
      .then((result) => {
        if (!result.user_id) throw new Error("auth.test returned no user_id");
        this.botUserId = result.user_id;
        return { userId: result.user_id, botId: result.bot_id };
      })
      .catch((error: unknown) => {
        this.identity = undefined;
        throw error;
      });
    return this.identity;
  }

  private listen(): void {
    this.app.event("message", async ({ event, body }) => {
      // Edits, deletions, joins and bot posts all carry a subtype; only plain user messages count.
      if (event.subtype !== undefined || event.channel_type !== "im") return;
      if (event.bot_id || !event.user || event.user === this.botUserId) return;
      const user = event.user;
      const chat: ChatRef = { id: event.channel, type: "dm" };
      this.run("message", () =>
        this.handle(
          {
            type: "message",
            platform: "slack",
            deliveryId: body.event_id,
            chat,
            user: { id: user },
            text: fromSlackText(stripMention(event.text ?? "", this.botUserId)),
            addressed: true,
          },
          this.channelReply(chat.id, event.thread_ts, user),
        ),
      );
    });

    this.app.event("app_mention", async ({ event, body }) => {
      if (event.bot_id || !event.user || event.user === this.botUserId) return;
      const user = event.user;
      const chat: ChatRef = { id: event.channel, type: "group" };
      this.run("app_mention", async () => {
        const text = fromSlackText(stripMention(event.text, this.botUserId));
        // "@清风 quiz 5" is a command, like "/qingfeng quiz 5"; anything else is a question.
        const command = /^\/?\S+/.test(text.trim())
          ? parseSlashText(text, this.options.isCommand).command
          : undefined;
        const named = command && text.trim() !== "" ? command : undefined;
        await this.handle(
          {
            type: "message",
            platform: "slack",
            deliveryId: body.event_id,
            chat,
            user: {
              id: user,
              isChatAdmin: named ? await this.isWorkspaceAdmin(user) : undefined,
            },
            text,
            addressed: true,
            command: named,
          },
          this.channelReply(chat.id, event.thread_ts ?? event.ts, user),
        );
      });
    });

    this.app.command(
      this.options.slashCommand ?? "/qingfeng",
      async ({ command, ack, respond }) => {
        await ack();
        this.run("command", async () => {
          const parsed = parseSlashText(fromSlackText(command.text), this.options.isCommand);
          const chat: ChatRef = { id: command.channel_id, type: chatType(command.channel_id) };
          // Channel "admins" on Slack: workspace admins and owners (channel managers are not in the Web API).
          const isChatAdmin =
            parsed.command && chat.type === "group"
              ? await this.isWorkspaceAdmin(command.user_id)
              : undefined;
          await this.handle(
            {
              type: "message",
              platform: "slack",
              deliveryId: `command:${command.trigger_id}`,
              chat,
              user: { id: command.user_id, name: command.user_name, isChatAdmin },
              text: parsed.text,
              addressed: true,
              command: parsed.command,
            },
            this.respondReply(respond, command.user_id),
          );
        });
      },
    );

    this.app.action<BlockAction<ButtonAction>>(
      new RegExp(`^${ACTION_PREFIX}`),
      async ({ ack, body, action, respond }) => {
        await ack();
        this.run("action", async () => {
          const container: Record<string, unknown> = body.container;
          const channelId =
            body.channel?.id ??
            (typeof container.channel_id === "string" ? container.channel_id : undefined);
          if (!channelId) return; // e.g. a Home tab: there is no chat to answer in
          const data = action.value ?? action.action_id.replace(/^qf:\d+:/, "");
          const threadTs = body.message?.thread_ts;
          const event: CoreEvent = {
            type: "action",
            platform: "slack",
            deliveryId: `action:${body.trigger_id ?? action.action_ts}`,
            chat: { id: channelId, type: chatType(channelId) },
            user: { id: body.user.id, name: body.user.username },
            data,
          };
          const reply =
            container.is_ephemeral === true
              ? this.respondReply(respond, body.user.id)
              : this.channelReply(
                  channelId,
                  typeof threadTs === "string" ? threadTs : undefined,
                  body.user.id,
                );
          await this.handle(event, reply);
        });
      },
    );
  }

  /**
   * Queues the core's work after the ack; a failure is logged, never thrown
   * into bolt. The queue starts it on a later turn, a few at a time, so the
   * acks of deliveries still arriving are never stuck behind answers.
   */
  private run(kind: string, work: () => Promise<void>): void {
    if (this.stopped) return;
    const queued = this.work.offer(() =>
      work().catch((error: unknown) => {
        this.log("error", "slack event failed", {
          kind,
          error: error instanceof Error ? error.message : String(error),
        });
      }),
    );
    if (!queued) this.log("warn", "slack work queue full: delivery dropped", { kind });
  }

  /** Posts into a channel or DM, in a thread when threadTs is given. */
  private channelReply(channel: string, threadTs: string | undefined, userId: string): Reply {
    return {
      send: (message) => this.post(channel, threadTs, message),
      sendPrivate: (message) => this.sendPrivate(userId, message),
      ack: async (notice) => {
        if (!notice) return;
        await this.quietly("chat.postEphemeral", () =>
          this.client.chat.postEphemeral({
            channel,
            user: userId,
            text: escapeMrkdwn(notice),
            thread_ts: threadTs,
          }),
        );
      },
    };
  }

  /** Answers through a response_url (slash commands, ephemeral messages): visible to the user only. */
  private respondReply(respond: RespondFn, userId: string): Reply {
    return {
      send: async (message) => {
        for (const part of renderBlocks(message)) {
          await respond({
            response_type: "ephemeral",
            replace_original: false,
            text: part.text,
            blocks: part.blocks,
          });
        }
      },
      sendPrivate: (message) => this.sendPrivate(userId, message),
      ack: async (notice) => {
        if (!notice) return;
        await this.quietly("respond", () =>
          respond({
            response_type: "ephemeral",
            replace_original: false,
            text: escapeMrkdwn(notice),
          }),
        );
      },
    };
  }

  private async post(channel: string, threadTs: string | undefined, message: OutMessage) {
    // In order: a long answer split over several messages must read top to bottom.
    for (const part of renderBlocks(message)) {
      await this.client.chat.postMessage({
        channel,
        thread_ts: threadTs,
        text: part.text,
        blocks: part.blocks,
        unfurl_links: false,
        unfurl_media: false,
      });
    }
  }

  private async sendPrivate(userId: string, message: OutMessage): Promise<boolean> {
    try {
      const opened = await this.client.conversations.open({ users: userId });
      const channel = opened.channel?.id;
      if (!channel) return false;
      await this.post(channel, undefined, message);
      return true;
    } catch (error) {
      this.log("warn", "slack DM failed", {
        user: userId,
        error: error instanceof Error ? error.message : String(error),
      });
      return false;
    }
  }

  private async isWorkspaceAdmin(userId: string): Promise<boolean | undefined> {
    try {
      const info = await this.client.users.info({ user: userId });
      return info.user?.is_admin === true || info.user?.is_owner === true;
    } catch (error) {
      // Without the users:read scope nobody counts as a channel admin; bot admins still can.
      this.log("debug", "slack users.info failed", {
        error: error instanceof Error ? error.message : String(error),
      });
      return undefined;
    }
  }

  /** A notice is a courtesy: its failure is logged, not turned into an error message. */
  private async quietly(what: string, call: () => Promise<unknown>): Promise<void> {
    try {
      await call();
    } catch (error) {
      this.log("warn", `slack ${what} failed`, {
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
}

/** Slack's DM channel ids start with D; channels (C), private channels and group DMs (G) are groups. */
function chatType(channelId: string): ChatRef["type"] {
  return channelId.startsWith("D") ? "dm" : "group";
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
