import { type DWClientDownStream, TOPIC_CARD, TOPIC_ROBOT } from "dingtalk-stream";
import type { CoreEvent } from "../../kernel/events.js";
import type { Handle } from "../../kernel/handle.js";
import type { Log } from "../../kernel/log.js";
import { type OutMessage, textMessage } from "../../kernel/out-message.js";
import {
  type AdapterRoute,
  type PlatformAdapter,
  PlatformStartError,
} from "../../kernel/platform-adapter.js";
import type { Reply } from "../../kernel/reply.js";
import { WorkQueue } from "../../kernel/work-queue.js";
import { classifyFailure, isPermissionMissing } from "./classify-failure.js";
import { mapCardCallback } from "./map-card-callback.js";
import { mapRobotMessage } from "./map-robot-message.js";
import type { Messenger } from "./messenger.js";
import { DingTalkApiError, type OpenApi } from "./open-api.js";
import { type ReconnectTiming, StreamConnection } from "./stream-connection.js";

/** Where DingTalk's session webhooks live. */
export const DINGTALK_WEBHOOK_ORIGIN = "https://oapi.dingtalk.com";

export interface DingTalkAdapterOptions {
  clientId: string;
  clientSecret: string;
  robotCode: string;
  /** Server API root: the Stream gateway and the token are asked there. */
  apiRoot: string;
  api: OpenApi;
  messenger: Messenger;
  handle: Handle;
  isCommand: (name: string) => boolean;
  log: Log;
  /** Limit on each call made while connecting (token, gateway, WebSocket). */
  timeoutMs: number;
  /** Reconnect backoff and heartbeat (tests make them instant or short). */
  timing?: Partial<ReconnectTiming> | undefined;
  /** Core calls running at once; the rest wait their turn after their ack (default 8). */
  concurrency?: number | undefined;
  now?: (() => number) | undefined;
}

/** Deliveries acknowledged but not yet handled; past this they are left unacknowledged (DingTalk redelivers). */
const MAX_WAITING = 1000;

/**
 * DingTalk over Stream mode (dingtalk-stream): the bot opens an outbound
 * WebSocket to DingTalk, so it needs no public URL. Robot messages (DMs and
 * group @mentions) and presses of our interactive cards' buttons arrive as
 * CALLBACK frames; each is acknowledged at once (socketCallBackResponse —
 * DingTalk redelivers unacknowledged frames, and a card callback must be
 * answered within 2 s) and handled afterwards, a few at a time. Redeliveries
 * are handled once by the core (msgId, the frame's messageId).
 *
 * Answers go where the question was: markdown through the message's session
 * webhook (falling back to the robot API when it has expired), buttons on an
 * interactive card through the card API. A button's notice (已记录…) goes to
 * the presser privately: a group sees nothing of another member's press.
 */
export class DingTalkAdapter implements PlatformAdapter {
  readonly platform = "dingtalk";
  private readonly connection: StreamConnection;
  private readonly work: WorkQueue;
  private readonly webhookOrigins: string[];
  private stopped = false;

  constructor(private readonly o: DingTalkAdapterOptions) {
    this.connection = new StreamConnection({
      clientId: o.clientId,
      clientSecret: o.clientSecret,
      apiRoot: o.apiRoot,
      timeoutMs: o.timeoutMs,
      connectTimeoutMs: o.timeoutMs,
      log: o.log,
      timing: o.timing,
    });
    this.work = new WorkQueue({
      concurrency: o.concurrency ?? 8,
      maxWaiting: MAX_WAITING,
      onError: (error) => o.log("error", "dingtalk event failed", { error: describe(error) }),
    });
    this.webhookOrigins = [DINGTALK_WEBHOOK_ORIGIN, new URL(o.apiRoot).origin];
    const client = this.connection.client;
    client.registerCallbackListener(TOPIC_ROBOT, (frame) => this.guard(() => this.onRobot(frame)));
    client.registerCallbackListener(TOPIC_CARD, (frame) => this.guard(() => this.onCard(frame)));
  }

  async start(): Promise<void> {
    if (this.connection.open) return;
    this.stopped = false;
    try {
      // The token first: a wrong secret shows up here with DingTalk's documented error code.
      await this.o.api.accessToken();
      await this.connection.start();
    } catch (error) {
      throw startError(error);
    }
    this.o.log("info", "dingtalk stream connected", { robotCode: this.o.robotCode });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.connection.stop();
    await this.work.idle();
  }

  routes(): AdapterRoute[] {
    return [];
  }

  ready(): boolean {
    return this.connection.open && !this.stopped;
  }

  /** A listener runs inside the SDK's frame handling: nothing may escape it into ws. */
  private guard(run: () => void): void {
    try {
      run();
    } catch (error) {
      this.o.log("warn", "dingtalk frame ignored", { error: describe(error) });
    }
  }

  private onRobot(frame: DWClientDownStream): void {
    const messageId = this.acknowledge(frame, "OK");
    if (!messageId) return;
    const inbound = mapRobotMessage(parseData(frame), {
      robotCode: this.o.robotCode,
      isCommand: this.o.isCommand,
      webhookOrigins: this.webhookOrigins,
      now: this.o.now ?? Date.now,
    });
    if ("ignored" in inbound) {
      this.o.log("debug", "dingtalk robot message ignored", { messageId, reason: inbound.ignored });
      return;
    }
    const { event, webhook } = inbound;
    this.run(event, {
      send: async (message) => {
        await this.o.messenger.deliver(event.chat.id, message, { webhook });
      },
      sendPrivate: (message) => this.sendPrivate(event.user.id, message),
      ack: async () => {},
    });
  }

  private onCard(frame: DWClientDownStream): void {
    // An empty response: the card stays as it is (notices go to the presser privately).
    const messageId = this.acknowledge(frame, {});
    if (!messageId) return;
    const event = mapCardCallback(parseData(frame), messageId);
    if ("ignored" in event) {
      this.o.log("debug", "dingtalk card callback ignored", { messageId, reason: event.ignored });
      return;
    }
    this.run(event, {
      send: async (message) => {
        await this.o.messenger.deliver(event.chat.id, message);
      },
      sendPrivate: (message) => this.sendPrivate(event.user.id, message),
      ack: async (notice) => {
        if (notice) await this.sendPrivate(event.user.id, textMessage(notice));
      },
    });
  }

  /**
   * Answers the frame before any work, or leaves it unanswered when the
   * queue is full (DingTalk delivers it again later). Returns its messageId.
   */
  private acknowledge(frame: DWClientDownStream, response: unknown): string | undefined {
    const messageId = (frame as { headers?: { messageId?: unknown } } | undefined)?.headers
      ?.messageId;
    if (typeof messageId !== "string" || messageId === "") {
      this.o.log("warn", "dingtalk frame without a messageId ignored");
      return undefined;
    }
    if (this.stopped) return undefined;
    if (this.work.full) {
      this.o.log("warn", "dingtalk work queue full: frame left for redelivery", { messageId });
      return undefined;
    }
    try {
      this.connection.client.socketCallBackResponse(messageId, response);
    } catch (error) {
      // The socket is being replaced; the frame will be redelivered on the new one.
      this.o.log("warn", "dingtalk ack failed", { messageId, error: describe(error) });
      return undefined;
    }
    return messageId;
  }

  private run(event: CoreEvent, reply: Reply): void {
    const queued = this.work.offer(async () => {
      try {
        await this.o.handle(event, reply);
      } catch (error) {
        this.o.log("error", "dingtalk event failed", { type: event.type, error: describe(error) });
      }
    });
    if (!queued)
      this.o.log("warn", "dingtalk work queue full: delivery dropped", { type: event.type });
  }

  /** A DM to a staff member; false when DingTalk will not deliver it (unknown user, no permission). */
  private async sendPrivate(userId: string, message: OutMessage): Promise<boolean> {
    try {
      await this.o.messenger.deliver(userId, message);
      return true;
    } catch (error) {
      const kind = classifyFailure(error).kind;
      if (kind !== "permanent" && kind !== "rejected") throw error;
      this.o.log(isPermissionMissing(error) ? "error" : "warn", "dingtalk DM not delivered", {
        user: userId,
        error: describe(error),
      });
      return false;
    }
  }
}

/** A frame's data: a JSON string (undefined when it is not one). */
function parseData(frame: DWClientDownStream): unknown {
  const data = (frame as { data?: unknown }).data;
  if (typeof data !== "string") return undefined;
  try {
    return JSON.parse(data);
  } catch {
    return undefined;
  }
}

/** A start failure: DingTalk refusing the credentials is final, anything else is tried again. */
function startError(error: unknown): PlatformStartError {
  const refused =
    error instanceof DingTalkApiError &&
    [400, 401, 403].includes(error.status) &&
    !/QpsLimit|ApiCountLimit/.test(error.code);
  if (refused)
    return new PlatformStartError(
      "dingtalk",
      "PLATFORM_REJECTED",
      `DingTalk refused the app's credentials (${error.message}): check DINGTALK_CLIENT_ID and DINGTALK_CLIENT_SECRET (钉钉开发者后台 → 应用开发 → 凭证与基础信息).`,
      { cause: error },
    );
  return new PlatformStartError("dingtalk", "PLATFORM_UNREACHABLE", describe(error), {
    cause: error,
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
