import type { Clock } from "../features/broadcast/dispatcher.js";
import { QingfengError } from "../kernel/errors.js";
import type { Log } from "../kernel/log.js";
import { type PlatformAdapter, PlatformStartError } from "../kernel/platform-adapter.js";

export interface SupervisorOptions {
  adapters: PlatformAdapter[];
  log: Log;
  /** Sleeps between attempts (tests inject one that returns at once). */
  clock: Clock;
  /** First pause after a failed start; doubled each time up to maxDelayMs. */
  initialDelayMs?: number;
  maxDelayMs?: number;
}

/**
 * Starts every configured platform and keeps trying the ones that cannot be
 * reached (network down, API timing out or answering 5xx) with exponential
 * backoff, while the others serve. A platform that rejects our credentials
 * is not retried: only a configuration change helps, and the log says which.
 * Ready only when every configured platform is up.
 */
export class PlatformSupervisor {
  private readonly up = new Set<PlatformAdapter>();
  private readonly retrying = new Set<Promise<void>>();
  private stopped = false;
  private wakeStopped: () => void = () => {};
  private readonly stopping = new Promise<void>((resolve) => {
    this.wakeStopped = resolve;
  });

  constructor(private readonly options: SupervisorOptions) {}

  /**
   * One attempt per platform, all at once; failures that may pass are then
   * retried in the background. Throws when every platform refused our
   * credentials, since nothing would ever serve.
   */
  async start(): Promise<void> {
    const { adapters, log } = this.options;
    const first = await Promise.all(adapters.map((a) => this.attempt(a, 1)));
    if (adapters.length > 0 && first.every((outcome) => outcome === "rejected")) {
      throw new QingfengError(
        "PLATFORM_REJECTED",
        "No chat platform could be started: every one refused its credentials (see the errors above).",
      );
    }
    adapters.forEach((adapter, i) => {
      if (first[i] !== "unreachable") return;
      const loop = this.retry(adapter).finally(() => this.retrying.delete(loop));
      this.retrying.add(loop);
    });
    const waiting = adapters.filter((_, i) => first[i] === "unreachable").map((a) => a.platform);
    if (waiting.length > 0) log("warn", "not ready yet: waiting for platforms", { waiting });
  }

  /** Every configured platform started and still connected. */
  ready(): boolean {
    return !this.stopped && this.options.adapters.every((a) => this.up.has(a) && a.ready());
  }

  /** Stops retrying, then stops the platforms that started (each waits for its in-flight work). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeStopped();
    await Promise.allSettled([...this.retrying]);
    await Promise.allSettled([...this.up].map((a) => a.stop()));
  }

  private async retry(adapter: PlatformAdapter): Promise<void> {
    const initial = this.options.initialDelayMs ?? 1_000;
    const max = this.options.maxDelayMs ?? 60_000;
    let delay = initial;
    for (let attempt = 2; !this.stopped; attempt++) {
      await Promise.race([this.options.clock.sleep(delay), this.stopping]);
      if (this.stopped) return;
      const outcome = await this.attempt(adapter, attempt, Math.min(delay * 2, max));
      if (outcome !== "unreachable") return;
      delay = Math.min(delay * 2, max);
    }
  }

  private async attempt(
    adapter: PlatformAdapter,
    attempt: number,
    nextDelayMs = this.options.initialDelayMs ?? 1_000,
  ): Promise<"up" | "unreachable" | "rejected"> {
    const { log } = this.options;
    const platform = adapter.platform;
    log("info", "connecting platform", { platform, attempt });
    try {
      await adapter.start();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // An unknown error may pass; only a platform refusing our credentials is final.
      if (error instanceof PlatformStartError && !error.retryable) {
        log("error", "platform refused the credentials; not retrying", {
          platform,
          code: error.code,
          error: message,
        });
        return "rejected";
      }
      log("warn", "platform not reachable; retrying", {
        platform,
        attempt,
        retryInMs: nextDelayMs,
        error: message,
      });
      return "unreachable";
    }
    if (this.stopped) {
      await adapter.stop();
      return "up";
    }
    this.up.add(adapter);
    log("info", "platform started", { platform, attempt });
    return "up";
  }
}
