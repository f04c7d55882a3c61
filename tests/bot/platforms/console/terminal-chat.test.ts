import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { BUILT_CLI } from "../../../helpers/built-cli.js";
import { type PtyChat, spawnChatInPty } from "../../../helpers/pty-chat.js";

const PROMPT = "清风> ";

/**
 * The local chat as a person meets it: the built bin in a pseudo-terminal,
 * no chat platform configured, keys typed. Every wait reads until the text
 * appears (bounded generously for a loaded machine), never a fixed sleep.
 */
describe("the local chat in a terminal", () => {
  let dir: string;
  const started: PtyChat[] = [];
  const start = (name: string) => {
    const chat = spawnChatInPty({ QINGFENG_DATA_DIR: join(dir, name) });
    started.push(chat);
    return chat;
  };
  /** Types a line, reads to `expected` in the reply, then to the next prompt; returns the reply. */
  const say = async (chat: PtyChat, line: string, expected: string | RegExp) => {
    chat.type(line);
    const reply = await chat.waitFor(expected);
    return reply + (await chat.waitFor(PROMPT));
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "qingfeng-pty-"));
  });
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const chat of started.splice(0)) chat.kill();
    for (const child of children.splice(0)) child.kill("SIGKILL");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("answers, takes typed buttons and quiz letters, explains itself and ends on /quit", async () => {
    const chat = start("full");
    const welcome = await chat.waitFor(PROMPT, 120_000);
    // Chinese first, counted as `qingfeng docs` counts (files, documents in them, distinct clauses).
    expect(welcome).toMatch(
      /清风已就绪：\d+ 个文件，含 \d+ 份制度文件（汇编内含多份），共 \d+ 条条款/,
    );
    expect(welcome).toContain("/language en");

    expect(await say(chat, "药代请我吃饭可以吗？", "🚫 禁止")).toContain("[👍] [👎]");
    const thanks = await say(chat, "👍", "谢谢反馈");
    expect(thanks).not.toContain("未涉及");

    // The reply quotes the decisive phrase; each clause is whole behind its [全文 n].
    const answer = await say(chat, "回扣怎么处罚？", "[全文 1]");
    expect(answer).toContain("[👍] [👎]");
    expect(answer).toMatch(/^ {4}│ .+/m);
    const full = await say(chat, "全文 1", "│");
    expect(full).toMatch(/《[^》]+》/);
    expect(full).not.toContain("未涉及");

    await say(chat, "/quiz generate", "道草稿题");
    await say(chat, "/quiz approve all", "已通过");
    const question = await say(chat, "/quiz", "[A] [B]");
    // Answer with the letter printed beside an option, in lower case: the outcome is that option's.
    const shown = new Map([...question.matchAll(/^([A-D])\. (.+)$/gm)].map((m) => [m[1], m[2]]));
    expect(shown.get("B")).toBeDefined();
    // A multiple-choice question takes letters one by one, then 提交.
    const multiple = question.includes("多选题");
    if (multiple) await say(chat, "b", "已选：B");
    const outcome = await say(chat, multiple ? "提交" : "b", /回答(正确|错误)/);
    expect(outcome).not.toMatch(/Not covered|未涉及/);
    const [, letter, text] = /正确答案：([A-D])\. (.+)/.exec(outcome) ?? [];
    expect(text).toBe(shown.get(letter ?? ""));
    if (!multiple) expect(outcome.includes("✅ 回答正确")).toBe(letter === "B");

    const help = await say(chat, "/help", "在这个终端里");
    expect(help).toContain("命令：/ask");
    expect(help).toContain("输入方括号里的文字即可按下");
    expect(help).toContain("输入选项前的字母");
    expect(help).toContain("/quit、/exit 或「退出」");

    // Two questions asked, both answered: the button presses counted as neither.
    const stats = await say(chat, "/stats", /未能回答：.*/);
    expect(stats).toContain("共 2 个问题");
    expect(stats).toMatch(/未能回答： —/);

    chat.type("/quit");
    await chat.waitFor("再见");
    expect(await chat.exited).toEqual({ code: 0, signal: null });
  }, 240_000);

  it("asks before Ctrl-C quits, and quits cleanly on the second", async () => {
    const chat = start("ctrl-c");
    await chat.waitFor(PROMPT, 120_000);
    chat.keys("\x03");
    await chat.waitFor("再按一次 Ctrl-C 退出 / press Ctrl-C again to quit");
    await chat.waitFor(PROMPT);
    // Still chatting after one Ctrl-C.
    await say(chat, "药代请我吃饭可以吗？", "🚫 禁止");
    chat.keys("\x03");
    await chat.waitFor("再按一次 Ctrl-C 退出");
    chat.keys("\x03");
    await chat.waitFor("再见");
    expect(await chat.exited).toEqual({ code: 0, signal: null });
  }, 180_000);

  it("ends gracefully on SIGTERM, as with a chat platform", async () => {
    const child = spawn(process.execPath, [BUILT_CLI, "start"], {
      env: { PATH: process.env.PATH ?? "", QINGFENG_DATA_DIR: join(dir, "sigterm") },
      stdio: ["pipe", "pipe", "pipe"],
    });
    children.push(child);
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    let err = "";
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no welcome within 120 s: ${err}`)), 120_000);
      child.once("exit", () => {
        clearTimeout(timer);
        reject(new Error(`the chat exited before its welcome: ${err}`));
      });
      child.stderr.on("data", (chunk: Buffer) => {
        err += chunk.toString("utf8");
        if (err.includes("清风已就绪")) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  }, 180_000);

  it("ends cleanly on Ctrl-D", async () => {
    const chat = start("ctrl-d");
    await chat.waitFor(PROMPT, 120_000);
    chat.keys("\x04");
    await chat.waitFor("再见");
    expect(await chat.exited).toEqual({ code: 0, signal: null });
  }, 180_000);
});
