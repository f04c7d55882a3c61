import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import type { CoreEvent } from "../../../../bot/kernel/events.js";
import type { Handle } from "../../../../bot/kernel/handle.js";
import type { Lang } from "../../../../bot/kernel/i18n.js";
import { textMessage } from "../../../../bot/kernel/out-message.js";
import { ConsoleAdapter } from "../../../../bot/platforms/console/console-adapter.js";
import { ConsoleSender } from "../../../../bot/platforms/console/console-sender.js";
import { CTRL_C_AGAIN } from "../../../../bot/platforms/console/console-strings.js";
import { ConsoleTerminal } from "../../../../bot/platforms/console/console-terminal.js";

/** A promise the test resolves by hand. */
function deferred<T = void>() {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/**
 * The conversation over an in-memory terminal: a handle that answers every
 * question with 👍/👎 buttons (and can be held mid-answer), the events it got,
 * and everything printed.
 */
function chat(options: { hold?: Promise<void>; lang?: Lang } = {}) {
  const printed: string[] = [];
  const events: CoreEvent[] = [];
  const entered = deferred();
  const waiting: { count: number; resolve: () => void }[] = [];
  const terminal = new ConsoleTerminal((text) => printed.push(text));
  let answers = 0;
  const handle: Handle = async (event, reply) => {
    events.push(event);
    entered.resolve();
    for (const w of waiting) if (events.length >= w.count) w.resolve();
    if (options.hold) await options.hold;
    if (event.type === "action") return reply.ack("谢谢反馈！");
    if (event.command?.name === "help") return reply.send(textMessage("命令：/ask"));
    answers++;
    await reply.send({
      sections: [{ kind: "text", text: `回答 ${answers}` }],
      buttons: [
        [
          { label: "👍", data: `fb:u:${answers}` },
          { label: "👎", data: `fb:d:${answers}` },
        ],
      ],
    });
  };
  const adapter = new ConsoleAdapter(terminal, handle);
  const input = new PassThrough();
  const output = new PassThrough();
  let screen = "";
  output.on("data", (chunk: Buffer) => {
    screen += chunk.toString("utf8");
  });
  const language = async () => options.lang ?? "zh";
  return {
    adapter,
    terminal,
    input,
    output,
    printed,
    events,
    entered: entered.promise,
    /** Resolves once the handle got `count` events. */
    handled: (count: number) =>
      new Promise<void>((resolve) => {
        if (events.length >= count) resolve();
        else waiting.push({ count, resolve });
      }),
    screen: () => screen,
    language,
  };
}

describe("the terminal conversation", () => {
  it("presses a typed 👍 on the latest answer instead of asking it", async () => {
    const c = chat();
    const done = c.adapter.converse({ input: c.input, language: c.language });
    c.input.end("药代请我吃饭可以吗？\n回扣怎么处罚？\n👍\n");
    await done;
    expect(
      c.events.map((e) => (e.type === "action" ? `action ${e.data}` : `message ${e.text}`)),
    ).toEqual(["message 药代请我吃饭可以吗？", "message 回扣怎么处罚？", "action fb:u:2"]);
    expect(c.printed).toContain("回答 2\n  [👍] [👎]");
    expect(c.printed).toContain("(谢谢反馈！)");
  });

  it("says a button cannot be pressed now rather than asking it", async () => {
    const c = chat();
    const done = c.adapter.converse({ input: c.input, language: c.language });
    c.input.end("B\n全文\n");
    await done;
    expect(c.events).toEqual([]);
    expect(c.printed.join("\n")).toContain("「B」是按钮，但现在没有显示它的消息");
    expect(c.printed.join("\n")).toContain("「全文」是按钮");
  });

  it("ends on /quit with a goodbye, ignoring what follows", async () => {
    const c = chat();
    const done = c.adapter.converse({ input: c.input, language: c.language });
    c.input.end("/quit\n药代请我吃饭可以吗？\n");
    await done;
    expect(c.events).toEqual([]);
    expect(c.printed).toEqual(["再见。"]);
  });

  it("adds the terminal's shortcuts and quitting to /help, in the chat's language", async () => {
    const c = chat({ lang: "en" });
    const done = c.adapter.converse({ input: c.input, language: c.language });
    c.input.end("/help\n");
    await done;
    expect(c.printed[0]).toBe("命令：/ask");
    expect(c.printed[1]).toContain("In this terminal:");
    expect(c.printed[1]).toContain("type what is inside to press one");
    expect(c.printed[1]).toContain("/quit, /exit or 退出");
  });

  it("on a terminal, asks at the first Ctrl-C and quits at the second only after the answer being written", async () => {
    const release = deferred();
    const c = chat({ hold: release.promise });
    let finished = false;
    const done = c.adapter
      .converse({ input: c.input, tty: { output: c.output }, language: c.language })
      .then(() => {
        finished = true;
      });
    c.input.write("药代请我吃饭可以吗？\r");
    await c.entered;
    c.input.write("\x03");
    expect(c.screen()).toContain(CTRL_C_AGAIN);
    c.input.write("\x03再问一个\r");
    await new Promise((resolve) => setImmediate(resolve));
    expect(finished).toBe(false);
    release.resolve();
    await done;
    // The answer in full, then goodbye; the line typed after the second Ctrl-C is not asked.
    expect(c.printed).toEqual(["回答 1\n  [👍] [👎]", "再见。"]);
    expect(c.events).toHaveLength(1);
  });

  it("a typed line after one Ctrl-C carries on: only two in a row quit", async () => {
    const c = chat();
    const done = c.adapter.converse({
      input: c.input,
      tty: { output: c.output },
      language: c.language,
    });
    c.input.write("\x03");
    c.input.write("药代请我吃饭可以吗？\r");
    await c.handled(1);
    c.input.write("\x03");
    c.input.write("回扣怎么处罚？\r");
    await c.handled(2);
    c.input.write("\x04");
    await done;
    expect(c.printed).toEqual(["回答 1\n  [👍] [👎]", "回答 2\n  [👍] [👎]", "再见。"]);
  });

  it("reads piped input to its end, though it ends while a line is being handled", async () => {
    const release = deferred();
    const c = chat({ hold: release.promise });
    const done = c.adapter.converse({ input: c.input, language: c.language });
    c.input.end("药代请我吃饭可以吗？\n回扣怎么处罚？\n");
    await c.entered;
    await new Promise((resolve) => c.input.once("end", resolve));
    await new Promise((resolve) => setImmediate(resolve));
    release.resolve();
    await done;
    expect(c.events).toHaveLength(2);
  });

  it("ends between two lines when shut down (SIGTERM)", async () => {
    const release = deferred();
    const shutdown = deferred();
    const c = chat({ hold: release.promise });
    const done = c.adapter.converse({
      input: c.input,
      language: c.language,
      shutdown: shutdown.promise,
    });
    c.input.write("药代请我吃饭可以吗？\n");
    await c.entered;
    shutdown.resolve();
    c.input.write("回扣怎么处罚？\n");
    release.resolve();
    await done;
    expect(c.events).toHaveLength(1);
    expect(c.printed).toEqual(["回答 1\n  [👍] [👎]"]);
  });

  it("prints a broadcast above the waiting prompt and draws the prompt again", async () => {
    const c = chat();
    const done = c.adapter.converse({
      input: c.input,
      tty: { output: c.output },
      language: c.language,
    });
    c.input.write("药");
    await new ConsoleSender(c.terminal).send("console", textMessage("典型案例通报"));
    expect(c.printed).toEqual(["典型案例通报"]);
    const after = c.screen().slice(c.screen().lastIndexOf("\r\x1b[K"));
    expect(after.replace(/\x1b\[[0-9;]*[A-Za-z]/g, "")).toBe("\r清风> 药");
    c.input.write("\x04\x04");
    c.input.end();
    await done;
  });
});
