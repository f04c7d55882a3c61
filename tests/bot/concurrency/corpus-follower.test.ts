import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CorpusFollower } from "../../../bot/app/corpus-follower.js";
import { type KnowledgeBase, openKnowledgeBase } from "../../../bot/app/knowledge-base.js";
import { CORPUS_VERSION_KEY } from "../../../knowledge/store/sqlite-store.js";
import { ManualScheduler } from "../../helpers/case-testbed.js";
import { writePolicyFiles } from "../../helpers/policy-files.js";
import { openTempKnowledgeBase, type TempKnowledgeBase } from "../../helpers/temp-kb.js";

/**
 * Two connections on one data directory stand for two processes: `writer`
 * ingests, `reader` is the running bot, which follows the corpus version.
 */
describe("following the corpus version", () => {
  let reader: TempKnowledgeBase;
  let writer: KnowledgeBase;
  beforeAll(async () => {
    reader = await openTempKnowledgeBase();
    writer = await openKnowledgeBase(reader.config);
  });
  afterAll(() => {
    writer.close();
    reader.cleanup();
  });

  const version = async () => Number((await reader.kb.store.getMeta(CORPUS_VERSION_KEY)) ?? 0);

  it("is bumped by every corpus write in the write's own transaction, and not by a write that fails", async () => {
    const [file] = writePolicyFiles(join(reader.dir, "v"), "版", 1);
    const v0 = await version();
    await writer.ingest([file!]);
    expect(await version()).toBe(v0 + 1);
    await writer.ingest([file!]); // unchanged: nothing written
    expect(await version()).toBe(v0 + 1);
    // A write that fails half-way leaves neither its rows nor a new version behind.
    writer.db.exec(
      "CREATE TEMP TRIGGER fail_occurrences BEFORE INSERT ON occurrences BEGIN SELECT RAISE(ABORT, 'disk gone'); END",
    );
    const [other] = writePolicyFiles(join(reader.dir, "v2"), "败", 1);
    const failed = await writer.ingest([other!]);
    writer.db.exec("DROP TRIGGER fail_occurrences");
    expect(failed.errors).toHaveLength(1);
    expect(await version()).toBe(v0 + 1);
    expect(await reader.kb.store.getSource(other!)).toBeUndefined();
    await writer.store.removeSource(file!);
    expect(await version()).toBe(v0 + 2);
  });

  it("refreshes the bot's indexes on its schedule once another process ingested, and only then", async () => {
    let refreshes = 0;
    const index = {
      refresh: () => {
        refreshes++;
        return reader.kb.index.refresh();
      },
    };
    const follower = new CorpusFollower({ store: reader.kb.store, index, log: () => {} });
    const scheduler = new ManualScheduler();
    const stop = follower.follow(scheduler, 2_000);
    scheduler.fire(); // first check: one refresh, whatever happened before the bot opened
    await follower.catchUp();
    const baseline = refreshes;
    scheduler.fire();
    await follower.catchUp();
    expect(refreshes).toBe(baseline);

    const [file] = writePolicyFiles(join(reader.dir, "new"), "新", 1);
    await writer.ingest([file!]);
    const before = await reader.kb.retriever.search("第新0号病区医务人员不得收受患者红包", 3);
    expect(before.hits.some((h) => h.source === file)).toBe(false);
    expect(scheduler.fire()).toBe(2_000);
    await follower.catchUp();
    expect(refreshes).toBe(baseline + 1);
    const after = await reader.kb.retriever.search("第新0号病区医务人员不得收受患者红包", 3);
    expect(after.hits[0]?.source).toBe(file);

    await writer.store.removeSource(file!);
    await follower.catchUp();
    const removed = await reader.kb.retriever.search("第新0号病区医务人员不得收受患者红包", 3);
    expect(removed.hits.some((h) => h.source === file)).toBe(false);
    stop();
    expect(scheduler.pending()).toBe(0);
  });
});
