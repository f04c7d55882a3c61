import type { ChunkChanges } from "../../knowledge/ports/knowledge-store.js";
import { retryWhenBusy } from "../../knowledge/store/busy.js";
import type { Log } from "../kernel/log.js";
import type { Scheduler } from "../kernel/scheduler.js";

export interface CorpusFollowerDeps {
  /** Where the corpus version lives (the meta table). */
  store: { corpusVersion(): Promise<string | undefined> };
  /** The in-memory indexes to bring up to date (KnowledgeIndex.refresh). */
  index: { refresh(): Promise<ChunkChanges> };
  log: Log;
}

/**
 * Keeps a running bot's in-memory indexes (BM25, vectors) in step with
 * documents another process ingests or removes. Every corpus write
 * increments a version in the meta table in the same transaction as the
 * write; checking it is one indexed read, cheap enough before every answer.
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

  constructor(private readonly deps: CorpusFollowerDeps) {}

  /** Refreshes the indexes if the corpus changed since the last check; callers share a running refresh. */
  catchUp(): Promise<void> {
    if (this.running) return this.running;
    this.running = this.check().finally(() => {
      this.running = undefined;
    });
    return this.running;
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
