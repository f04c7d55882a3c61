import { WSAuthFailureError, WSClient } from "@wecom/aibot-node-sdk";
import type { Log } from "../../kernel/log.js";
import { PlatformStartError } from "../../kernel/platform-adapter.js";
import { CardMemory } from "./card-memory.js";
import { sdkLogger } from "./sdk-logger.js";

export interface WecomConnectionOptions {
  botId: string;
  secret: string;
  /** WECOM_WS_URL: a private deployment's or an emulator's address (default: WeCom's). */
  wsUrl?: string | undefined;
  log: Log;
  /** Limit on opening the connection and subscribing at start. */
  timeoutMs: number;
  /**
   * First pause before reconnecting after the connection dropped; the SDK
   * doubles it per attempt up to 30 s. Default 1 s; tests pass a few ms.
   */
  reconnectBaseMs?: number | undefined;
  /** Heartbeat (ping) interval; two unanswered pings end the connection. Default 30 s. */
  heartbeatMs?: number | undefined;
}

/** Largest frame accepted from the server; WeCom's callbacks are a few kilobytes. */
const MAX_FRAME_BYTES = 1024 * 1024;

/** Subscribe answers meaning the credentials are wrong: 853000 "invalid bot_id or secret", 40001 不合法的secret. */
const CREDENTIALS_REFUSED = new Set([853000, 40001]);

type State = "idle" | "connecting" | "up" | "down" | "replaced" | "refused" | "closed";

/**
 * The bot's one WeCom long connection (WeCom keeps one per bot: a second
 * subscribe with the same BotID disconnects the first), shared by the
 * adapter (receiving, replies) and the sender (proactive sends). The SDK
 * subscribes, sends heartbeats and reconnects with backoff; this class keeps
 * score of whether the connection is usable and says so in the log.
 */
export class WecomConnection {
  readonly client: WSClient;
  /** Cards sent over this connection, so a button press can update its card. */
  readonly cards = new CardMemory();
  private state: State = "idle";
  private connectedOnce = false;
  private waiting: { resolve: () => void; reject: (error: unknown) => void } | undefined;

  constructor(private readonly o: WecomConnectionOptions) {
    this.client = new WSClient({
      botId: o.botId,
      secret: o.secret,
      ...(o.wsUrl ? { wsUrl: o.wsUrl } : {}),
      reconnectInterval: o.reconnectBaseMs ?? 1_000,
      // A hospital's intranet link may be down for hours: never give up reconnecting.
      maxReconnectAttempts: -1,
      heartbeatInterval: o.heartbeatMs ?? 30_000,
      requestTimeout: o.timeoutMs,
      logger: sdkLogger(o.log),
      wsOptions: { handshakeTimeout: o.timeoutMs, maxPayload: MAX_FRAME_BYTES },
    });
    this.client.on("authenticated", () => this.onAuthenticated());
    this.client.on("disconnected", (reason) => this.onDisconnected(String(reason)));
    this.client.on("error", (error) => this.onError(error));
    this.client.on("event.disconnected_event", () => this.onReplaced());
  }

  /** Subscribed and connected: replies and sends can go out. */
  get up(): boolean {
    return this.state === "up";
  }

  /** This process opened the connection and has not closed it (it may be reconnecting). */
  get opened(): boolean {
    return this.state === "up" || this.state === "down" || this.state === "connecting";
  }

  /**
   * Connects and subscribes, within the time limit. A refusal of the BotID
   * or Secret is PLATFORM_REJECTED; anything else (network, timeout) is
   * PLATFORM_UNREACHABLE and the connection is closed again, so the caller's
   * retries are the only ones until the first success — after it, the SDK
   * reconnects by itself.
   */
  async open(): Promise<void> {
    if (this.state === "up") return;
    if (this.state === "closed") throw new Error("the WeCom connection was closed");
    this.state = "connecting";
    const subscribed = new Promise<void>((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
    const timer = setTimeout(
      () =>
        this.fail(
          new PlatformStartError(
            "wecom",
            "PLATFORM_UNREACHABLE",
            `no subscription within ${this.o.timeoutMs} ms`,
          ),
        ),
      this.o.timeoutMs,
    );
    this.client.connect();
    try {
      await subscribed;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Closes the connection for good (shutdown). */
  close(): void {
    const wasOpen = this.opened;
    this.state = "closed";
    const waiting = this.waiting;
    this.waiting = undefined;
    if (wasOpen) this.client.disconnect();
    waiting?.reject(
      new PlatformStartError("wecom", "PLATFORM_UNREACHABLE", "closed while connecting"),
    );
  }

  private onAuthenticated(): void {
    if (this.state === "closed") return;
    this.state = "up";
    this.o.log("info", this.connectedOnce ? "wecom reconnected" : "wecom connected", {
      botId: this.o.botId,
    });
    this.connectedOnce = true;
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.resolve();
  }

  private onDisconnected(reason: string): void {
    if (this.state === "up") {
      this.state = "down";
      this.o.log("warn", "wecom connection lost; reconnecting", { reason });
    } else if (this.state === "connecting" && this.waiting) {
      this.fail(new PlatformStartError("wecom", "PLATFORM_UNREACHABLE", `connection: ${reason}`));
    }
  }

  private onError(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof WSAuthFailureError) {
      this.state = "refused";
      this.o.log("error", "WeCom refused the bot's credentials; not reconnecting", {
        error: message,
        hint: "check WECOM_BOT_ID and WECOM_BOT_SECRET (企业微信管理后台 → 智能机器人 → API 模式 · 长连接), then restart",
      });
      return;
    }
    const auth = /^Authentication failed: .*\(code: (-?\d+)\)/.exec(message);
    if (auth && this.state === "connecting" && this.waiting) {
      const refused = CREDENTIALS_REFUSED.has(Number(auth[1]));
      this.fail(
        new PlatformStartError(
          "wecom",
          refused ? "PLATFORM_REJECTED" : "PLATFORM_UNREACHABLE",
          refused
            ? `WeCom refused the bot's credentials (${message}): check WECOM_BOT_ID and WECOM_BOT_SECRET.`
            : message,
        ),
      );
      return;
    }
    this.o.log(auth ? "warn" : "debug", "wecom connection error", { error: message });
  }

  private onReplaced(): void {
    if (this.state === "closed") return;
    this.state = "replaced";
    // The SDK does not reconnect after this: reconnecting would disconnect the other one, and so on.
    this.o.log(
      "error",
      "wecom: another connection subscribed with this BotID and WeCom disconnected this one",
      {
        botId: this.o.botId,
        hint: "WeCom keeps one connection per bot: run one `qingfeng start` per WECOM_BOT_ID, then restart this one",
      },
    );
  }

  /** Ends a pending open() with the error, closing what it started. */
  private fail(error: PlatformStartError): void {
    const waiting = this.waiting;
    if (!waiting) return;
    this.waiting = undefined;
    if (this.state === "connecting") this.state = "idle";
    this.client.disconnect();
    waiting.reject(error);
  }
}
