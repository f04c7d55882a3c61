import type { Log } from "../../kernel/log.js";
import { withTimeout } from "../../kernel/with-timeout.js";
import { StreamClient, type StreamClientOptions } from "./stream-client.js";

export interface ReconnectTiming {
  /** First pause after the connection dropped; doubled after each failed attempt. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** Sleeps between attempts (tests inject one that returns at once). */
  sleep: (ms: number) => Promise<void>;
  /** A ping this often; a connection silent for a whole interval is dropped and replaced (0 = off). */
  heartbeatMs: number;
  /** Runs `tick` every `ms` until cancelled (tests tick by hand). */
  every: (ms: number, tick: () => void) => () => void;
}

export const DEFAULT_TIMING: ReconnectTiming = {
  initialDelayMs: 1_000,
  maxDelayMs: 60_000,
  sleep: (ms) =>
    new Promise((resolve) => {
      setTimeout(resolve, ms).unref();
    }),
  heartbeatMs: 10_000,
  every: (ms, tick) => {
    const timer = setInterval(tick, ms);
    timer.unref();
    return () => clearInterval(timer);
  },
};

export type StreamConnectionOptions = Omit<
  StreamClientOptions,
  "onClose" | "onTraffic" | "onBadFrame"
> & {
  log: Log;
  /** Limit on opening the WebSocket once the gateway answered. */
  connectTimeoutMs: number;
  timing?: Partial<ReconnectTiming> | undefined;
};

/**
 * Keeps one Stream connection up: opens it (gateway, then WebSocket, each
 * with a time limit), and when it drops — DingTalk closed it, announced a
 * disconnect, the network went, or the heartbeat found it silent — opens a
 * new one with exponential backoff until it is back or the adapter stops.
 * `up` is false from the drop until the new connection is open, which is
 * what /readyz reports.
 */
export class StreamConnection {
  readonly client: StreamClient;
  private readonly timing: ReconnectTiming;
  private up = false;
  private stopped = false;
  private reconnecting: Promise<void> | undefined;
  private heard = true;
  private stopHeartbeat: (() => void) | undefined;
  private wakeStopped: () => void = () => {};
  private readonly stopping = new Promise<void>((resolve) => {
    this.wakeStopped = resolve;
  });

  constructor(private readonly options: StreamConnectionOptions) {
    this.timing = { ...DEFAULT_TIMING, ...options.timing };
    this.client = new StreamClient({
      ...options,
      onBadFrame: (error) =>
        options.log("warn", "dingtalk frame ignored: not a frame the SDK can read", {
          error: error instanceof Error ? error.message : String(error),
        }),
      onClose: () => this.onClose(),
      onTraffic: () => {
        this.heard = true;
      },
    });
  }

  /** Whether the connection is open now. */
  get open(): boolean {
    return this.up && !this.stopped;
  }

  /** The first connection; throws what went wrong (the caller classifies it). */
  async start(): Promise<void> {
    this.stopped = false;
    await this.connectOnce();
    this.startHeartbeat();
  }

  /** Closes the connection and stops reconnecting. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.up = false;
    this.wakeStopped();
    this.stopHeartbeat?.();
    this.stopHeartbeat = undefined;
    this.client.disconnect();
    await this.reconnecting;
  }

  private async connectOnce(): Promise<void> {
    await this.client.getEndpoint();
    await withTimeout(
      this.client._connect(),
      this.options.connectTimeoutMs,
      "the DingTalk Stream WebSocket",
      () => this.client.terminate(),
    );
    // Set in the same turn the socket's close listener was attached: no close can fall between.
    this.heard = true;
    this.up = true;
  }

  private onClose(): void {
    if (this.stopped) return;
    this.up = false;
    if (this.reconnecting) return;
    this.options.log("warn", "dingtalk stream connection lost; reconnecting", {
      retryInMs: this.timing.initialDelayMs,
    });
    this.reconnecting = this.reconnect().finally(() => {
      this.reconnecting = undefined;
    });
  }

  private async reconnect(): Promise<void> {
    const { initialDelayMs, maxDelayMs, sleep } = this.timing;
    let delay = initialDelayMs;
    for (let attempt = 1; !this.stopped; attempt++) {
      await Promise.race([sleep(delay), this.stopping]);
      if (this.stopped) return;
      try {
        await this.connectOnce();
      } catch (error) {
        delay = Math.min(delay * 2, maxDelayMs);
        this.options.log("warn", "dingtalk stream reconnect failed; retrying", {
          attempt,
          retryInMs: delay,
          error: error instanceof Error ? error.message : String(error),
        });
        continue;
      }
      if (this.stopped) {
        this.up = false;
        this.client.disconnect();
        return;
      }
      this.options.log("info", "dingtalk stream reconnected", { attempt });
      return;
    }
  }

  private startHeartbeat(): void {
    if (this.timing.heartbeatMs <= 0 || this.stopHeartbeat) return;
    this.stopHeartbeat = this.timing.every(this.timing.heartbeatMs, () => {
      if (!this.up) return;
      if (!this.heard) {
        this.options.log("warn", "dingtalk stream silent for a heartbeat; replacing it", {
          heartbeatMs: this.timing.heartbeatMs,
        });
        this.client.terminate();
        return;
      }
      this.heard = false;
      this.client.ping();
    });
  }
}
