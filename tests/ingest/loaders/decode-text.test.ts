import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { IngestError } from "../../../ingest/errors.js";
import { decodeText, looksBinary } from "../../../ingest/loaders/decode-text.js";
import { fixture } from "./temp-dir.js";

const SAMPLE = "一、总体要求\n\t责任单位：省卫生健康委\n";

function utf16be(text: string): Uint8Array {
  const le = Buffer.from(text, "utf16le");
  const be = Buffer.alloc(le.length);
  for (let i = 0; i < le.length; i += 2) {
    be[i] = le[i + 1] ?? 0;
    be[i + 1] = le[i] ?? 0;
  }
  return be;
}

function expectBinary(bytes: Uint8Array): void {
  try {
    decodeText(bytes, "x.txt");
  } catch (error) {
    expect(error).toBeInstanceOf(IngestError);
    expect((error as IngestError).code).toBe("INGEST_BINARY_FILE");
    expect((error as IngestError).message).toMatch(/^x\.txt: .*UTF-8 or GB18030/);
    return;
  }
  expect.fail("decodeText accepted binary bytes");
}

describe("decodeText", () => {
  it("decodes the GB18030 task table (no BOM, not UTF-8)", async () => {
    const bytes = await readFile(fixture("2021-jilin-task-table.gb18030.txt"));
    const { text, encoding } = decodeText(bytes, "table.txt");
    expect(encoding).toBe("gb18030");
    expect(text).toContain("重点任务");
    expect(text).toContain("责任单位");
    expect(text).toContain("\t序号");
    expect(text).not.toContain("\ufffd");
  });

  it("prefers strict UTF-8", () => {
    const { text, encoding } = decodeText(Buffer.from(SAMPLE, "utf8"), "a.txt");
    expect(encoding).toBe("utf-8");
    expect(text).toBe(SAMPLE);
  });

  it("honours and strips BOMs", () => {
    const utf8Bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SAMPLE, "utf8")]);
    expect(decodeText(utf8Bom, "a.txt")).toEqual({ text: SAMPLE, encoding: "utf-8-bom" });

    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SAMPLE, "utf16le")]);
    expect(decodeText(le, "a.txt")).toEqual({ text: SAMPLE, encoding: "utf-16le" });

    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(SAMPLE)]);
    expect(decodeText(be, "a.txt")).toEqual({ text: SAMPLE, encoding: "utf-16be" });
  });

  it("rejects NUL bytes, control-character soup and undecodable bytes", () => {
    expectBinary(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]),
    );
    expectBinary(Buffer.from("ab\x01\x02\x03\x04cd\x05\x06\x07\x08", "latin1"));
    // Valid in neither UTF-8 nor GB18030: 0xFF never starts a character.
    expectBinary(Buffer.from([0x41, 0xff, 0xfe, 0xff, 0x42]));
    // UTF-16 without a BOM is NUL-heavy and is not guessed at.
    expectBinary(Buffer.from("plain text", "utf16le"));
  });

  it("tolerates the odd control character in real text", () => {
    const text = `${"正文内容。".repeat(40)}\x1a`;
    expect(looksBinary(Buffer.from(text, "utf8"))).toBe(false);
    expect(decodeText(Buffer.from(text, "utf8"), "a.txt").text).toBe(text);
  });
});
