import { describe, expect, it } from "vitest";
import { answerMessage } from "../../../../bot/features/ask/answer-message.js";
import { displayOrder, questionMessage } from "../../../../bot/features/quiz/render-question.js";
import { collapsedAsButtons, type OutMessage } from "../../../../bot/kernel/out-message.js";
import {
  ButtonShortcuts,
  shortcutKey,
} from "../../../../bot/platforms/console/button-shortcuts.js";
import { consoleStrings } from "../../../../bot/platforms/console/console-strings.js";
import { renderText } from "../../../../bot/platforms/console/render-text.js";
import { readTypedLine } from "../../../../bot/platforms/console/typed-line.js";
import type { Answer, Citation } from "../../../../knowledge/answer/answer-types.js";
import type { StoredQuestion } from "../../../../knowledge/quiz/question-types.js";

const question = (kind: StoredQuestion["kind"]): StoredQuestion => ({
  id: 63,
  kind,
  stem: "医务人员可以收受哪一项？",
  options: ["患者的红包", "药企的回扣", "锦旗", "经销商的购物卡"],
  answer: [2],
  explanation: "依据条款。",
  source: { text: "条款", title: "文件", section: "一" },
  tags: [],
  origin: "generated",
  state: "approved",
  asked: 0,
  correct: 0,
  createdAt: "2026-12-01T00:00:00Z",
});

const citation = (n: number, cut: boolean): Citation => ({
  n,
  chunkId: n,
  docId: 1,
  title: "文件",
  section: "一",
  text: "不得收受回扣。",
  fullText: cut ? "不得收受回扣。违者严肃处理。" : "不得收受回扣。",
  source: "a.txt",
  score: 1,
  alsoIn: [],
});

const answer = (id: number, cut: boolean[]): Answer & { id: number } => ({
  id,
  question: "回扣怎么处罚？",
  verdict: "prohibited",
  answer: "不可以。",
  citations: cut.map((c, i) => citation(i + 1, c)),
  language: "zh",
  mode: "offline",
});

/** The shortcuts after printing these messages, in order (collapsed text shows as its button). */
function shown(...messages: OutMessage[]): ButtonShortcuts {
  const shortcuts = new ButtonShortcuts();
  for (const m of messages) shortcuts.remember(collapsedAsButtons(m).buttons);
  return shortcuts;
}

describe("typed button shortcuts in the terminal", () => {
  it("maps each letter to the option printed beside it, whatever the shuffle", () => {
    const q = question("single");
    const order = displayOrder(q, 12_345);
    expect(order).not.toEqual([0, 1, 2, 3]); // the shuffle is what could go wrong
    const message = questionMessage(q, order, "zh");
    const shortcuts = shown(message);
    const text = renderText(message);
    expect(text).toContain("[A] [B] [C] [D]");
    for (const [i, typed] of ["A", "b", "C", "d"].entries()) {
      const letter = typed.toUpperCase();
      const printed = new RegExp(`^${letter}\\. (.+)$`, "m").exec(text)?.[1];
      expect(readTypedLine(typed, shortcuts)).toEqual({
        kind: "press",
        data: `qz:a:63:${order[i]}`,
      });
      expect(q.options[order[i] ?? -1]).toBe(printed);
    }
  });

  it("toggles multiple-choice options by letter and submits by 提交", () => {
    const q = question("multiple");
    const order = displayOrder(q, 12_345);
    const message = questionMessage(q, order, "zh");
    expect(renderText(message)).toContain("[A] [B] [C] [D]\n  [提交]");
    const shortcuts = shown(message);
    expect(readTypedLine("c", shortcuts)).toEqual({ kind: "press", data: `qz:t:63:${order[2]}` });
    expect(readTypedLine("提交", shortcuts)).toEqual({ kind: "press", data: "qz:s:63" });
  });

  it("presses 👍 👎 and 全文 of the latest message that showed them", () => {
    const shortcuts = shown(
      answerMessage(answer(1, [true]), "zh"),
      answerMessage(answer(2, [false, true]), "zh"),
    );
    expect(readTypedLine("👍", shortcuts)).toEqual({ kind: "press", data: "fb:u:2" });
    expect(readTypedLine("👎", shortcuts)).toEqual({ kind: "press", data: "fb:d:2" });
    // Answer 2 quotes citation 1 whole and lists citation 2 in a line: 全文 alone names 2.
    expect(readTypedLine("全文", shortcuts)).toEqual({ kind: "press", data: "full:2:2" });
    // Only answer 1 showed 全文 1.
    expect(readTypedLine("全文 1", shortcuts)).toEqual({ kind: "press", data: "full:1:1" });
  });

  it("asks which 全文 when the latest message shows several, and takes any spelling of one", () => {
    const message = answerMessage(answer(7, [true, true]), "zh");
    expect(renderText(message)).toContain("[全文 1] [全文 2]\n  [👍] [👎]");
    const shortcuts = shown(message);
    expect(readTypedLine("全文", shortcuts)).toEqual({
      kind: "ambiguous",
      typed: "全文",
      keys: ["全文 1", "全文 2"],
    });
    for (const typed of ["全文 2", "全文2", "全文 [2]", "[全文 2]"]) {
      expect(readTypedLine(typed, shortcuts)).toEqual({ kind: "press", data: "full:7:2" });
    }
  });

  it("never asks a button as a question, even when no message shows it", () => {
    const none = new ButtonShortcuts();
    for (const typed of ["👍", "👎", "全文", "全文 1", "B", "a"]) {
      expect(readTypedLine(typed, none)).toEqual({ kind: "no-button", typed });
    }
    expect(readTypedLine("药代请我吃饭可以吗？", none)).toEqual({
      kind: "question",
      text: "药代请我吃饭可以吗？",
    });
  });

  it("presses a case notice's buttons, a long one by a distinct beginning of it", () => {
    const notice: OutMessage = {
      sections: [{ kind: "title", text: "典型案例通报" }],
      buttons: [
        [
          { label: "相关条款", data: "case:clauses:4" },
          { label: "全文", data: "case:full:4" },
        ],
        [{ label: "已阅并知晓", data: "case:ack:4" }],
      ],
    };
    const shortcuts = shown(answerMessage(answer(1, [true, true]), "zh"), notice);
    expect(readTypedLine("已阅并知晓", shortcuts)).toEqual({ kind: "press", data: "case:ack:4" });
    expect(readTypedLine("已阅", shortcuts)).toEqual({ kind: "press", data: "case:ack:4" });
    // The notice is the latest message showing 全文.
    expect(readTypedLine("全文", shortcuts)).toEqual({ kind: "press", data: "case:full:4" });
    // A newer answer's 全文 buttons come first, though the notice's label is the exact one.
    shortcuts.remember(collapsedAsButtons(answerMessage(answer(2, [true, true]), "zh")).buttons);
    expect(readTypedLine("全文", shortcuts)).toMatchObject({ kind: "ambiguous" });
  });

  it("reads quit words, commands and spelled-out button data", () => {
    const none = new ButtonShortcuts();
    for (const typed of ["/quit", "/exit", "退出", "/QUIT", "exit"]) {
      expect(readTypedLine(typed, none)).toEqual({ kind: "quit" });
    }
    expect(readTypedLine("/Stats 7", none)).toEqual({
      kind: "command",
      name: "stats",
      args: "7",
      text: "/Stats 7",
    });
    expect(readTypedLine(":fb:u:1", none)).toEqual({ kind: "press", data: "fb:u:1" });
  });

  it("shows a button by what one types: no checkbox, no brackets", () => {
    expect(shortcutKey("☐ A")).toBe("A");
    expect(shortcutKey("☑ B")).toBe("B");
    expect(shortcutKey("全文 [3]")).toBe("全文 3");
  });
});

describe("the terminal's welcome", () => {
  const facts = (n: number) => ({
    counts: { sources: n, documents: n, chunks: n },
    dataDir: "/data",
    firstIngest: false,
  });

  it("counts files, the documents in them and distinct clauses, in Chinese with a word of English", () => {
    const zh = consoleStrings("zh").welcome(facts(5));
    expect(zh).toContain("5 个文件，含 5 份制度文件（汇编内含多份），共 5 条条款");
    expect(zh).toContain("/language en");
  });

  it("says one file, one document and one clause in English", () => {
    const en = consoleStrings("en").welcome(facts(1));
    expect(en).toContain(
      "1 file holding 1 document (a compilation holds several), 1 distinct clause.",
    );
    expect(consoleStrings("en").welcome(facts(2))).toContain("2 files holding 2 documents");
  });
});
