/**
 * Where an adapter puts the core's work after acknowledging a delivery. Jobs
 * start on a later turn of the event loop (setImmediate), after the ack has
 * been written and after pending sockets were read, and at most
 * `concurrency` run at once: answering is CPU work (segmentation, BM25,
 * SQLite), and 200 answers started together would starve the acks of the
 * requests still arriving (Slack wants each within 3 s). The queue is bounded
 * so a flood is refused (the platform retries) instead of filling memory.
 */
export class WorkQueue {
  private readonly waiting: (() => Promise<void>)[] = [];
  private running = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly options: {
      concurrency: number;
      /** Jobs waiting beyond this are refused (offer returns false). */
      maxWaiting: number;
      /** A job's failure: logged by the adapter, never thrown anywhere. */
      onError: (error: unknown) => void;
      /** How a job is put on a later turn (tests may run it synchronously). */
      defer?: (run: () => void) => void;
    },
  ) {}

  /** True when a new job would be refused: the adapter answers 503 before reading the delivery. */
  get full(): boolean {
    return this.waiting.length >= this.options.maxWaiting;
  }

  /** Jobs queued or running. */
  get size(): number {
    return this.waiting.length + this.running;
  }

  /** Queues a job; false (and not queued) when full. */
  offer(job: () => Promise<void>): boolean {
    if (this.full) return false;
    this.waiting.push(job);
    this.pump();
    return true;
  }

  /**
   * Queues a job and resolves when it has run (never rejects): for long
   * polling, where waiting is the backpressure on the next poll.
   */
  run(job: () => Promise<void>): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(() => job().finally(resolve));
      this.pump();
    });
  }

  /** Resolves when nothing is queued or running. */
  idle(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    const defer = this.options.defer ?? setImmediate;
    while (this.running < this.options.concurrency && this.waiting.length > 0) {
      const job = this.waiting.shift();
      if (!job) break;
      this.running++;
      defer(() => {
        // Promise.resolve().then: a job that throws synchronously is caught like one that rejects.
        Promise.resolve()
          .then(job)
          .catch((error: unknown) => this.options.onError(error))
          .finally(() => {
            this.running--;
            this.pump();
            if (this.size === 0) for (const wake of this.idleWaiters.splice(0)) wake();
          });
      });
    }
  }
}
