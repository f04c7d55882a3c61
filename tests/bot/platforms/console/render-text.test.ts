import { describe, expect, it } from "vitest";
import type { OutMessage } from "../../../../bot/kernel/out-message.js";
import { ConsoleTerminal } from "../../../../bot/platforms/console/console-terminal.js";
import { renderText } from "../../../../bot/platforms/console/render-text.js";
import { readTypedLine } from "../../../../bot/platforms/console/typed-line.js";
import { displayWidth } from "../../../../lib/text/terminal-wrap.js";

const answer: OutMessage = {
  sections: [
    { kind: "title", text: "🚫 禁止" },
    {
      kind: "text",
      text: "不可以。你说的情况（医药代表、吃饭）属于接受医药企业安排、组织或支付费用的宴请，是明令禁止的行为。",
    },
    {
      kind: "quote",
      text: "…参与或接受影响医疗行为公正性的宴请、礼品、旅游、学习、考察或其他休闲社交活动…",
    },
    {
      kind: "note",
      text: "[1] 《市2023年纠正医药购销领域和医疗服务中不正之风工作要点》 · 2023 · 专项行动之二",
    },
    {
      kind: "collapsed",
      label: "全文 [1]",
      text: "对医务人员在从事诊疗活动过程中收受患者及其亲友的礼品……（全文）",
      open: { label: "全文 [1]", data: "full:8:1" },
    },
  ],
  buttons: [
    [
      { label: "👍", data: "fb:u:8" },
      { label: "👎", data: "fb:d:8" },
    ],
  ],
};

describe("the terminal's rendering", () => {
  it("wraps to the width, keeping each quote's bar and each note's indent on every line", () => {
    for (const width of [30, 44, 80]) {
      const lines = renderText(answer, width).split("\n");
      for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(width);
      const quoted = lines.filter((l) => l.startsWith("    │ "));
      const noted = lines.filter((l) => /^ {2}[^ [│]/.test(l) || l.startsWith("  [1]"));
      expect(quoted.map((l) => l.slice(6)).join("")).toBe(answer.sections[2]?.text);
      expect(noted.map((l) => l.slice(2)).join("")).toBe(answer.sections[3]?.text);
      // The same order as every platform: verdict, sentences, phrase, clause, then the buttons.
      expect(lines[0]).toBe("🚫 禁止");
      expect(lines.at(-2)).toBe("  [全文 1]");
      expect(lines.at(-1)).toBe("  [👍] [👎]");
    }
    // The folded clause is one typed button away, not printed.
    expect(renderText(answer, 80)).not.toContain("（全文）");
  });

  it("does not wrap when the output is no terminal, or one too narrow to help", () => {
    const plain = renderText(answer);
    expect(plain.split("\n")[1]).toBe(answer.sections[1]?.text);
    expect(renderText(answer, 10)).toBe(plain);
  });

  it("prints to the terminal's current width and makes a folded clause's button typeable", () => {
    const printed: string[] = [];
    let columns: number | undefined = 40;
    const terminal = new ConsoleTerminal(
      (text) => printed.push(text),
      () => columns,
    );
    terminal.print(answer);
    columns = undefined;
    terminal.print(answer);
    const [narrow = "", unwrapped = ""] = printed;
    for (const line of narrow.split("\n")) expect(displayWidth(line)).toBeLessThanOrEqual(40);
    expect(unwrapped).toBe(renderText(answer));
    expect(readTypedLine("全文", terminal.shortcuts)).toEqual({ kind: "press", data: "full:8:1" });
  });
});
