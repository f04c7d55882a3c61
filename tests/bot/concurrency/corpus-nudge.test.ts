import { describe, expect, it } from "vitest";
import { CorpusFollower } from "../../../bot/app/corpus-follower.js";
import type { ChunkChanges } from "../../../knowledge/ports/knowledge-store.js";
import { ManualScheduler } from "../../helpers/case-testbed.js";

const NONE: ChunkChanges = { added: [], removed: [], duplicates: 0 };

/** A store whose version and write announcements the test drives, and an index counting refreshes. */
function harness() {
  let version = "1";
  let announce = () => {};
  const refreshes: { resolve(): void }[] = [];
  const follower = new CorpusFollower({
    store: {
      corpusVersion: async () => version,
      async listen(onWrite) {
        announce = onWrite;
        return async () => {
          announce = () => {};
        };
      },
    },
    index: {
      refresh: () =>
        new Promise<ChunkChanges>((resolve) => {
          refreshes.push({ resolve: () => resolve(NONE) });
        }),
    },
    log: () => {},
  });
  return {
    follower,
    refreshes,
    setVersion: (v: string) => {
      version = v;
    },
    announce: () => announce(),
  };
}

describe("a follower told of writes", () => {
  it("checks again after a refresh during which another write was announced", async () => {
    const h = harness();
    const stop = h.follower.follow(new ManualScheduler());
    expect(await h.follower.listening).toBe(true);

    const first = h.follower.nudge();
    await Promise.resolve();
    await Promise.resolve();
    expect(h.refreshes).toHaveLength(1);
    // A write lands while the first refresh runs: that refresh may have read before it.
    h.setVersion("2");
    void h.follower.nudge();
    h.refreshes[0]?.resolve();
    // The first nudge chains a second check behind its own: it asks for a refresh.
    while (h.refreshes.length < 2) await new Promise((r) => setImmediate(r));
    h.refreshes[1]?.resolve();
    await first;
    expect(h.refreshes).toHaveLength(2);
    // Nothing new: no third refresh.
    await h.follower.nudge();
    expect(h.refreshes).toHaveLength(2);
    stop();
  });

  it("stops listening when it stops following", async () => {
    const h = harness();
    const stop = h.follower.follow(new ManualScheduler());
    await h.follower.listening;
    stop();
    await Promise.resolve();
    h.announce();
    await new Promise((r) => setImmediate(r));
    expect(h.refreshes).toHaveLength(0);
  });
});
