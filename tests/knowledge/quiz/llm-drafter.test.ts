import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../bot/app/config.js";
import { main } from "../../../bot/cli.js";
import {
  type ChatCompletionBody,
  type FakeOpenAIServer,
  start,
} from "../../helpers/fake-openai-server.js";

/** The clause the model was given, from the user message. */
const clauseOf = (body: ChatCompletionBody) =>
  /<clause>\n([\s\S]*)\n<\/clause>/.exec(body.messages.at(-1)?.content ?? "")?.[1] ?? "";

describe("quiz generate --llm: model-drafted scenarios, validated against their clause or dropped", () => {
  let dir: string;
  let server: FakeOpenAIServer;
  let call = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "qingfeng-llm-quiz-"));
    server = await start({
      chat: (body) => {
        const clause = clauseOf(body);
        const sentence = clause.split(/[。；]/)[0] ?? clause;
        call++;
        if (call === 1)
          return JSON.stringify({
            stem: "医药代表请你参加以学术交流为名的高档宴请，你应该：",
            options: [
              "婉拒并按规定在院内公开场所交流",
              "接受，只要不在工作时间",
              "接受，自己付一半费用",
              "接受后口头报备",
            ],
            answer: 0,
            evidence: sentence,
            explanation: "条款禁止此类行为。",
          });
        if (call === 2)
          return JSON.stringify({
            stem: "情景？你应该：",
            options: ["甲", "乙", "丙", "丁"],
            answer: 1,
            evidence: "条款里并没有这句话",
            explanation: "编的。",
          });
        if (call === 3) return "这不是 JSON";
        return JSON.stringify({
          stem: "缺选项，你应该：",
          options: ["只有一个"],
          answer: 0,
          evidence: sentence,
        });
      },
    });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = async (env: Record<string, string>, ...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, {
      config: loadConfig({ QINGFENG_DATA_DIR: join(dir, "data"), ...env }),
      io: { out: (t) => out.push(t), err: (t) => err.push(t), isTTY: false },
    });
    return { code, out: out.join("\n"), err: err.join("\n") };
  };

  it("keeps the draft that quotes its clause and drops invented evidence, bad JSON and bad shapes", async () => {
    const r = await run(
      { OPENAI_BASE_URL: server.baseURL, QINGFENG_CHAT_MODEL: "fake-chat" },
      "quiz",
      "generate",
      "--llm",
      "--count",
      "4",
      "--json",
    );
    expect(r.code).toBe(0);
    const result = JSON.parse(r.out);
    expect(result.questions).toHaveLength(1);
    expect(result.questions[0]).toMatchObject({ kind: "scenario", answer: [0], state: "draft" });
    expect(result.questions[0].explanation).toMatch(/依据《.+》/);
    expect(result.dropped).toHaveLength(3);
    expect(result.dropped.join("\n")).toMatch(
      /evidence is not in the clause[\s\S]*not JSON[\s\S]*4 options/,
    );
  });

  it("says how to configure a model when none is", async () => {
    const r = await run({}, "quiz", "generate", "--llm");
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/CONFIG_INVALID.*QINGFENG_CHAT_MODEL/);
  });
});
