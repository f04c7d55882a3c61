import { describe, expect, it } from "vitest";
import { typedCommand } from "../../../bot/kernel/typed-command.js";

const known = new Set(["quiz", "统计", "help"]);
const isCommand = (name: string) => known.has(name);

describe("a command typed as text (WeCom, DingTalk)", () => {
  it("reads a slash command, or a registered name or alias as the first word", () => {
    expect(typedCommand("/quiz 5", isCommand)).toEqual({ name: "quiz", args: "5" });
    expect(typedCommand("Quiz  5 ", isCommand)).toEqual({ name: "quiz", args: "5" });
    expect(typedCommand("统计", isCommand)).toEqual({ name: "统计", args: "" });
  });

  it("keeps an unknown /word a command, so the core can say it is unknown", () => {
    expect(typedCommand("/frobnicate now", isCommand)).toEqual({ name: "frobnicate", args: "now" });
  });

  it("leaves everything else a question", () => {
    expect(typedCommand("药代请我吃饭可以吗？", isCommand)).toBeUndefined();
    expect(typedCommand("quizzes are fun", isCommand)).toBeUndefined();
    expect(typedCommand("", isCommand)).toBeUndefined();
  });
});
