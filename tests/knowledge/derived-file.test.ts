import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { derivedValue } from "../../knowledge/lexical/derived-file.js";
import { Segmenter } from "../../knowledge/lexical/segmenter.js";

describe("derivedValue", () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), "qingfeng-derived-"));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("derives once and reads the kept value while the key is the same", () => {
    const file = join(tempDir(), "nested", "table.json");
    let runs = 0;
    const derive = () => {
      runs++;
      return { words: ["医药代表", "回扣"] };
    };
    expect(derivedValue(file, "v1", derive)).toEqual({ words: ["医药代表", "回扣"] });
    expect(derivedValue(file, "v1", derive)).toEqual({ words: ["医药代表", "回扣"] });
    expect(runs).toBe(1);
  });

  it("derives again for another key, and after the file was damaged", () => {
    const file = join(tempDir(), "table.json");
    derivedValue(file, "v1", () => 1);
    expect(derivedValue(file, "v2", () => 2)).toBe(2);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({ key: "v2", value: 2 });
    writeFileSync(file, "{ damaged");
    expect(derivedValue(file, "v2", () => 3)).toBe(3);
  });

  it("derives without a file, and when the file cannot be written", () => {
    expect(derivedValue(undefined, "v1", () => "fresh")).toBe("fresh");
    const blocked = join(tempDir(), "a-file");
    writeFileSync(blocked, "");
    expect(derivedValue(join(blocked, "table.json"), "v1", () => "fresh")).toBe("fresh");
  });

  it("never lets a segmenter use the dictionary another one kept", () => {
    const cacheDir = tempDir();
    const extended = new Segmenter("清风廉洁码 10\n", { cacheDir });
    expect(extended.tokenize("扫清风廉洁码")).toContain("清风廉洁码");
    const plain = new Segmenter("", { cacheDir });
    expect(plain.tokenize("扫清风廉洁码")).not.toContain("清风廉洁码");
    const kept = JSON.parse(readFileSync(join(cacheDir, "segmenter-dict.json"), "utf8"));
    expect(kept.key).toBe(plain.fingerprint);
    expect(new Segmenter("", { cacheDir }).tokenize("医疗机构工作人员收受回扣")).toEqual(
      new Segmenter().tokenize("医疗机构工作人员收受回扣"),
    );
  });
});
