import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listFiles } from "../../../ingest/loaders/list-files.js";
import { makeTempDir } from "./temp-dir.js";

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
beforeAll(async () => {
  tmp = await makeTempDir();
  for (const dir of ["corpus/sub/deeper", "corpus/.git", "corpus/.drafts"]) {
    await mkdir(join(tmp.dir, dir), { recursive: true });
  }
  for (const file of [
    "corpus/b.txt",
    "corpus/a.md",
    "corpus/z.HTM",
    "corpus/.hidden.txt",
    "corpus/.git/config.txt",
    "corpus/.drafts/draft.docx",
    "corpus/sub/c.pdf",
    "corpus/sub/d.xlsx",
    "corpus/sub/notes",
    "corpus/sub/deeper/e.DOCX",
    "loose.pdf",
    "sheet.xlsx",
  ]) {
    await tmp.write(file, "x");
  }
});
afterAll(async () => {
  await tmp.cleanup();
});

describe("listFiles", () => {
  it("walks directories sorted, skipping dot entries and unsupported types", async () => {
    const corpus = join(tmp.dir, "corpus");
    const { files, errors } = await listFiles([corpus]);
    expect(errors).toEqual([]);
    expect(files).toEqual(
      ["a.md", "b.txt", "sub/c.pdf", "sub/deeper/e.DOCX", "z.HTM"].map((f) => join(corpus, f)),
    );
  });

  it("keeps named files in order and reports missing or unsupported named paths", async () => {
    const loose = join(tmp.dir, "loose.pdf");
    const missing = join(tmp.dir, "nope.txt");
    const sheet = join(tmp.dir, "sheet.xlsx");
    const hidden = join(tmp.dir, "corpus/.hidden.txt");
    const { files, errors } = await listFiles([loose, missing, sheet, hidden, loose]);
    expect(files).toEqual([loose, hidden]);
    expect(errors.map((e) => [e.code, e.file])).toEqual([
      ["INGEST_NOT_FOUND", missing],
      ["INGEST_UNSUPPORTED_TYPE", sheet],
    ]);
    expect(errors[1]?.message).toContain("supported types are");
  });
});
