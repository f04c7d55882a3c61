import { mkdir, symlink } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listFiles } from "../../../ingest/loaders/list-files.js";
import { writePolicyFiles } from "../../helpers/policy-files.js";
import { openTempKnowledgeBase, type TempKnowledgeBase } from "../../helpers/temp-kb.js";
import { makeTempDir } from "./temp-dir.js";

/**
 * root/
 *   top.txt
 *   sub/a.txt, sub/alias.txt -> a.txt, sub/up -> .., sub/self -> .
 *   loops/l1 -> l2, loops/l2 -> l1
 */
describe("symbolic links during ingest", () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let root: string;
  beforeAll(async () => {
    tmp = await makeTempDir();
    root = join(tmp.dir, "root");
    await mkdir(join(root, "sub"), { recursive: true });
    await mkdir(join(root, "loops"), { recursive: true });
    await tmp.write("root/top.txt", "x");
    await tmp.write("root/sub/a.txt", "x");
    await symlink("a.txt", join(root, "sub", "alias.txt"));
    await symlink("..", join(root, "sub", "up"));
    await symlink(".", join(root, "sub", "self"));
    await symlink("l2.txt", join(root, "loops", "l1.txt"));
    await symlink("l1.txt", join(root, "loops", "l2.txt"));
  });
  afterAll(() => tmp.cleanup());

  it("does not follow a link back up the tree, lists each real file once, and reports link loops", async () => {
    const sub = await listFiles([join(root, "sub")]);
    // `up -> ..` would have listed root/top.txt as root/sub/up/top.txt, and root/sub again.
    expect(sub.files).toEqual([join(root, "sub", "a.txt")]);
    expect(sub.errors).toEqual([]);

    const all = await listFiles([root, join(root, "sub", "alias.txt"), join(root, "sub", "up")]);
    expect(all.files).toEqual([join(root, "sub", "a.txt"), join(root, "top.txt")]);
    expect(all.errors.map((e) => [e.code, e.file])).toEqual([
      ["INGEST_SYMLINK_LOOP", join(root, "loops", "l1.txt")],
      ["INGEST_SYMLINK_LOOP", join(root, "loops", "l2.txt")],
    ]);

    const named = await listFiles([join(root, "loops", "l1.txt")]);
    expect(named.errors.map((e) => e.code)).toEqual(["INGEST_SYMLINK_LOOP"]);
    expect(named.errors[0]?.message).toMatch(/leads back to itself/);
  });
});

describe("ingesting through alias paths", () => {
  let t: TempKnowledgeBase;
  beforeAll(async () => {
    t = await openTempKnowledgeBase({}, { corpus: false });
  });
  afterAll(() => t.cleanup());

  it("stores each real file once, whatever path led to it", async () => {
    const dir = join(t.dir, "rules");
    writePolicyFiles(dir, "链", 3);
    await mkdir(join(dir, "nested"));
    await symlink("..", join(dir, "nested", "up"));
    await symlink(join(dir, "链0.txt"), join(t.dir, "shortcut.txt"));
    const first = await t.kb.ingest([dir]);
    expect(first.errors).toEqual([]);
    expect(await t.kb.store.listSources()).toHaveLength(3);
    const again = await t.kb.ingest([join(dir, "nested", "up"), join(t.dir, "shortcut.txt")]);
    expect(again.errors).toEqual([]);
    expect(again.files.every((f) => f.status === "unchanged")).toBe(true);
    expect((await t.kb.store.listSources()).map((s) => s.path)).toEqual(
      ["链0.txt", "链1.txt", "链2.txt"].map((f) => join(dir, f)),
    );
  });
});
