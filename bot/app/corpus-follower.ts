import type { ChunkChanges } from "../../knowledge/ports/knowledge-store.js";
import { retryWhenBusy } from "../../knowledge/store/busy.js";
import type { Log } from "../kernel/log.js";
import type { Scheduler } from "../kernel/scheduler.js";

export interface CorpusFollowerDeps {
  /**
   * Where the corpus version lives (the meta table), and, on PostgreSQL, a
   * way to hear of every write as it commits (LISTEN) instead of at the
   * next periodic check.
   */
  store: {
    corpusVersion(): Promise<string | undefined>;
    listen?(onWrite: () => void): Promise<() => Promise<void>>;
  };
  /** The in-memory indexes to bring up to date (KnowledgeIndex.refresh). */
  index: { refresh(): Promise<ChunkChanges> };
  log: Log;
}

/**
 * Keeps a running bot's in-memory indexes (BM25, vectors) in step with
 * documents another process (or, on PostgreSQL, another instance) ingests
 * or removes. Every corpus write increments a version in the meta table in
 * the same transaction as the write; checking it is one indexed read, cheap
 * enough before every answer and every `everyMs`. On PostgreSQL the write
 * also notifies, and a listening follower checks at once.
 * When it moved, the indexes are refreshed from the store. Since the version
 * is read before the refresh looks at the store, a write landing during a
 * refresh moves it again and the next check refreshes again: a reader can be
 * a write behind for a moment, never see half of one.
 */
export class CorpusFollower {
  /** Unknown at first: the first check refreshes once (the index may predate a write made since). */
  private seen: string | undefined;
  private checked = false;
  private running: Promise<void> | undefined;
  /** A write was announced while a check ran: check once more after it. */
  private again = false;
  /** Settles once `follow` listens for writes (true) or found it cannot (false). */
  listening: Promise<boolean> = Promise.resolve(false);

  constructor(private readonly deps: CorpusFollowerDeps) {}

  /** Refreshes the indexes if the corpus changed since the last check; callers share a running refresh. */
  catchUp(): Promise<void> {
    if (this.running) return this.running;
    this.running = this.check().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /**
   * Another instance announced a write: check now. A check already running
   * may have read the version before that write, so another follows it.
   */
  nudge(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    return this.catchUp().then(() => {
      if (!this.again) return;
      this.again = false;
      return this.nudge();
    });
  }

  private async check(): Promise<void> {
    const version = await this.deps.store.corpusVersion();
    if (this.checked && version === this.seen) return;
    await this.refresh(version);
  }

  /**
   * Checks every `everyMs` through `scheduler`, so an idle bot follows too
   * (what links case notices to clauses searches the same indexes). Returns
   * the function that stops following.
   */
  follow(scheduler: Scheduler, everyMs = 2_000): () => void {
    let stopped = false;
    let cancel = () => {};
    let unlisten: (() => Promise<void>) | undefined;
    const warn = (message: string) => (error: unknown) =>
      this.deps.log("warn", message, {
        error: error instanceof Error ? error.message : String(error),
      });
    const listen = this.deps.store.listen?.(() => {
      this.nudge().catch(warn("corpus refresh failed; trying again later"));
    });
    this.listening = listen
      ? listen.then(
          (stop) => {
            if (stopped) void stop().catch(() => {});
            else unlisten = stop;
            return true;
          },
          (error: unknown) => {
            warn("corpus notifications unavailable; following by periodic checks only")(error);
            return false;
          },
        )
      : Promise.resolve(false);
    const tick = () => {
      this.catchUp()
        .catch((error: unknown) =>
          this.deps.log("warn", "corpus refresh failed; trying again later", {
            error: error instanceof Error ? error.message : String(error),
          }),
        )
        .finally(() => {
          if (!stopped) cancel = scheduler.after(everyMs, tick);
        });
    };
    cancel = scheduler.after(everyMs, tick);
    return () => {
      stopped = true;
      cancel();
      void unlisten?.().catch(() => {});
    };
  }

  private async refresh(version: string | undefined): Promise<void> {
    // Writing the token cache may meet another process's write lock: wait our turn.
    const changes = await retryWhenBusy(() => this.deps.index.refresh());
    this.seen = version;
    this.checked = true;
    if (changes.added.length > 0 || changes.removed.length > 0) {
      this.deps.log("info", "corpus changed: indexes refreshed", {
        version,
        added: changes.added.length,
        removed: changes.removed.length,
      });
    }
  }
}
