import {
  type EventDispatcher,
  type HttpInstance,
  type Logger,
  LoggerLevel,
  WSClient,
} from "@larksuiteoapi/node-sdk";
import type { Log } from "../../kernel/log.js";
import { PlatformStartError } from "../../kernel/platform-adapter.js";
import type { Scheduler } from "../../kernel/scheduler.js";

/** When to try again after the connection dropped: doubling delays with jitter. */
export interface ReconnectPolicy {
  /** Timers of the waits between attempts (tests fire them by hand). */
  scheduler: Scheduler;
  initialDelayMs: number;
  maxDelayMs: number;
  /** 0–1; spreads many instances' reconnects (0.5 = no jitter). */
  random: () => number;
}

export interface FeishuConnectionOptions {
  appId: string;
  appSecret: string;
  domain: string;
  dispatcher: EventDispatcher;
  httpInstance: HttpInstance;
  sdkLogger: Logger;
  log: Log;
  /** Limit on one attempt: endpoint discovery, then the WebSocket handshake. */
  timeoutMs: number;
  /**
   * Seconds after a ping without any frame back before the connection counts
   * as dead: a connection a NAT or firewall silently dropped raises no error.
   */
  pingTimeoutSeconds: number;
  reconnect: ReconnectPolicy;
}

type Outcome = { ok: true } | { ok: false; reason: string; refused: boolean };

/** The endpoint's codes for credentials it refuses (the SDK's ErrorCode.forbidden / auth_failed). */
const REFUSED = /code=(403|514)\b/;

/**
 * The long connection of one app, over the SDK's WSClient. The SDK connects,
 * answers pings, decodes frames and acknowledges events; this class decides
 * when to connect. The SDK's own reconnect loop waits the interval the
 * server hands out (minutes) for as long as it likes; here a drop is
 * reported at once (ready() turns false), the SDK's loop is stopped and the
 * connection is tried again with doubling delays on an injected scheduler,
 * each attempt bounded by a time limit. Every attempt ends in one of the
 * SDK's callbacks (ready, reconnecting, error) or the time limit.
 */
export class FeishuConnection {
  private readonly client: WSClient;
  private up = false;
  private closed = true;
  private pending: ((outcome: Outcome) => void) | undefined;
  private reconnecting: Promise<void> | undefined;
  private interruptWait: (() => void) | undefined;

  constructor(private readonly o: FeishuConnectionOptions) {
    this.client = new WSClient({
      appId: o.appId,
      appSecret: o.appSecret,
      domain: o.domain,
      httpInstance: o.httpInstance,
      logger: o.sdkLogger,
      loggerLevel: LoggerLevel.info,
      autoReconnect: true,
      handshakeTimeoutMs: o.timeoutMs,
      wsConfig: { pingTimeout: o.pingTimeoutSeconds },
      onReady: () => this.connectedNow(),
      onReconnected: () => this.connectedNow(),
      onReconnecting: () => this.lost("the connection dropped", false),
      onError: (error) => this.lost(error.message, REFUSED.test(error.message)),
    });
  }

  /** True while the long connection is open. */
  get connected(): boolean {
    return this.up && !this.closed;
  }

  /** Connects for the first time; a PlatformStartError says whether trying again can help. */
  async open(): Promise<void> {
    this.closed = false;
    const outcome = await this.attempt();
    if (outcome.ok) return;
    throw new PlatformStartError(
      "feishu",
      outcome.refused ? "PLATFORM_REJECTED" : "PLATFORM_UNREACHABLE",
      outcome.refused
        ? `Feishu refused the long connection (${outcome.reason}): check FEISHU_APP_ID / FEISHU_APP_SECRET and that 事件与回调 uses 长连接.`
        : `Feishu long connection: ${outcome.reason}`,
    );
  }

  /** Closes the connection and stops trying. */
  async close(): Promise<void> {
    this.closed = true;
    this.up = false;
    this.pending?.({ ok: false, reason: "closed", refused: false });
    this.interruptWait?.();
    this.client.close({ force: true });
    await this.reconnecting;
  }

  private attempt(): Promise<Outcome> {
    const outcome = new Promise<Outcome>((resolve) => {
      const settle = (result: Outcome) => {
        if (this.pending !== settle) return;
        this.pending = undefined;
        clearTimeout(timer);
        resolve(result);
      };
      const timer = setTimeout(
        () =>
          settle({
            ok: false,
            reason: `no connection within ${this.o.timeoutMs} ms`,
            refused: false,
          }),
        this.o.timeoutMs,
      );
      this.pending = settle;
    });
    this.client.start({ eventDispatcher: this.o.dispatcher }).catch((error: unknown) => {
      this.pending?.({ ok: false, reason: describe(error), refused: false });
    });
    // Settled from inside the SDK's callbacks: its client is closed a turn later, once
    // the SDK has armed its own retry timer, so closing clears that timer too.
    return outcome.then((result) => {
      if (!result.ok) this.client.close({ force: true });
      return result;
    });
  }

  private connectedNow(): void {
    if (this.closed) return;
    this.up = true;
    this.pending?.({ ok: true });
  }

  private lost(reason: string, refused: boolean): void {
    this.up = false;
    if (this.closed) return;
    if (this.pending) {
      this.pending({ ok: false, reason, refused });
      return;
    }
    this.o.log("warn", "feishu connection lost; reconnecting", { reason });
    queueMicrotask(() => {
      if (this.closed) return;
      this.client.close({ force: true });
      this.startReconnecting();
    });
  }

  private startReconnecting(): void {
    this.reconnecting ??= this.reconnect().finally(() => {
      this.reconnecting = undefined;
      // A drop in the moment between the last attempt's success and here.
      if (!this.up && !this.closed) this.startReconnecting();
    });
  }

  private async reconnect(): Promise<void> {
    for (let failures = 0; !this.closed && !this.up; failures++) {
      await this.wait(this.delay(failures));
      if (this.closed) return;
      const outcome = await this.attempt();
      if (outcome.ok) {
        this.o.log("info", "feishu reconnected", { attempts: failures + 1 });
        return;
      }
      this.o.log(outcome.refused ? "error" : "warn", "feishu reconnect failed", {
        attempt: failures + 1,
        reason: outcome.reason,
      });
    }
  }

  /** The wait before attempt n + 1 (n failures so far). */
  private delay(failures: number): number {
    const { initialDelayMs, maxDelayMs, random } = this.o.reconnect;
    const base = Math.min(maxDelayMs, initialDelayMs * 2 ** failures);
    return Math.round(base * (0.8 + 0.4 * random()));
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.interruptWait = undefined;
        resolve();
      };
      const cancel = this.o.reconnect.scheduler.after(ms, done);
      this.interruptWait = () => {
        cancel();
        done();
      };
    });
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
