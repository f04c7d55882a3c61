import { describe, expect, it } from "vitest";
import { fitPieces, packJoined } from "../../../lib/text/fit-pieces.js";

const within = (n: number) => (piece: string) => Array.from(piece).length <= n;

describe("cutting text to a platform's limit", () => {
  it("joins whole sentences and lines while they fit, and loses nothing", () => {
    const text = "严禁收受回扣。严禁接受宴请。\n不得统方；不得开单提成。";
    const pieces = fitPieces(text, within(15));
    // A line end stays with the sentence before it.
    expect(pieces).toEqual(["严禁收受回扣。严禁接受宴请。\n", "不得统方；不得开单提成。"]);
    expect(pieces.join("")).toBe(text);
  });

  it("cuts a sentence too long on its own between characters, at the longest prefix that fits", () => {
    const text = `${"回扣".repeat(10)}。短句。`;
    const pieces = fitPieces(text, within(8));
    expect(pieces.every(within(8))).toBe(true);
    expect(pieces.join("")).toBe(text);
    expect(pieces[0]).toHaveLength(8);
    // What is left of the long sentence takes the next one along.
    expect(pieces.at(-1)).toBe("回扣回扣。短句。");
  });

  it("never splits a surrogate pair, and measures what the caller renders", () => {
    const text = "👍👍👍👍";
    const escapedLength = (p: string) => p.replace(/👍/g, "&#128077;").length <= 18;
    const pieces = fitPieces(text, escapedLength);
    expect(pieces).toEqual(["👍👍", "👍👍"]);
  });

  it("packs blocks into as few messages as fit, in order", () => {
    const fits = (m: string) => m.length <= 7;
    expect(packJoined(["甲甲", "乙乙", "丙丙丙丙丙"], "\n\n", fits)).toEqual([
      "甲甲\n\n乙乙",
      "丙丙丙丙丙",
    ]);
    expect(packJoined([], "\n\n", fits)).toEqual([]);
  });
});
