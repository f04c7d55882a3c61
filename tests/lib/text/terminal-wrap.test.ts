import { describe, expect, it } from "vitest";
import { displayWidth, wrapLine } from "../../../lib/text/terminal-wrap.js";

describe("terminal columns", () => {
  it("counts Chinese characters and emoji as two columns, marks as none", () => {
    expect(displayWidth("abc")).toBe(3);
    expect(displayWidth("禁止")).toBe(4);
    expect(displayWidth("（，）")).toBe(6);
    expect(displayWidth("🚫 禁止")).toBe(7);
    expect(displayWidth("⚠️")).toBe(2);
    expect(displayWidth("⚠")).toBe(1);
    expect(displayWidth("e\u0301")).toBe(1);
    expect(displayWidth("𠀀")).toBe(2);
  });

  it("wraps Chinese between characters, never starting a line with closing punctuation", () => {
    const line =
      "不可以。你说的情况（医药代表、吃饭）属于接受医药企业安排、组织或支付费用的宴请，是明令禁止的行为。";
    for (const width of [9, 10, 13, 20, 31]) {
      const lines = wrapLine(line, width);
      expect(lines.join("")).toBe(line);
      for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(width);
      for (const l of lines.slice(1)) expect(l).not.toMatch(/^[，。、；：？！）》」』”]/);
      for (const l of lines.slice(0, -1)) expect(l).not.toMatch(/[（《「『“]$/);
    }
  });

  it("moves a Latin word whole to the next line and cuts one longer than a line", () => {
    expect(wrapLine("No — this is firm-paid hospitality, which the rules forbid.", 20)).toEqual([
      "No — this is",
      "firm-paid",
      "hospitality, which",
      "the rules forbid.",
    ]);
    expect(wrapLine("a".repeat(25), 10)).toEqual(["a".repeat(10), "a".repeat(10), "a".repeat(5)]);
    expect(wrapLine("短", 1)).toEqual(["短"]);
    expect(wrapLine("", 10)).toEqual([""]);
  });
});
