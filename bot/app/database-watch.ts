import type { Log } from "../kernel/log.js";
import type { Scheduler } from "../kernel/scheduler.js";

/**
 * Whether the shared database answers, checked every `everyMs`: /readyz is
 * false while it does not, so a load balancer sends traffic elsewhere; the
 * pool reconnects by itself when the server returns, and the next check
 * makes the instance ready again.
 */
export class DatabaseWatch {
  private ok = true;
  private cancel: (() => void) | undefined;
  private stopped = false;

  constructor(
    private readonly o: {
      ping: () => Promise<boolean>;
      log: Log;
      scheduler: Scheduler;
      everyMs?: number;
    },
  ) {}

  reachable(): boolean {
    return this.ok;
  }

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    this.cancel?.();
  }

  /** One check (tests call it by hand). */
  async check(): Promise<boolean> {
    const now = await this.o.ping();
    if (now !== this.ok) {
      this.o.log(
        now ? "info" : "error",
        now ? "database reachable again" : "database unreachable",
        {},
      );
    }
    this.ok = now;
    return now;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.cancel = this.o.scheduler.after(this.o.everyMs ?? 1_000, () => {
      void this.check().finally(() => this.schedule());
    });
  }
}
