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

/** The first sentence of the clause naming `word`, as a model would quote it. */
const sentenceWith = (clause: string, word: string) =>
  clause
    .replace(/\n/g, "")
    .split(/(?<=[。；;])/)
    .find((x) => x.includes(word))
    ?.replace(/[。；;]$/, "") ?? "";

const VERDICTS = [
  "不可以，应当婉拒；推不掉的登记上交医院",
  "可以，患者自愿表达谢意不算违规",
  "经科室主任同意后就可以收下",
  "先收下，等患者出院后再退还",
];

describe("quiz generate --llm: one scenario per kind of conduct, validated like generated ones or dropped", () => {
  let dir: string;
  let server: FakeOpenAIServer;
  const prompts: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "qingfeng-llm-quiz-"));
    server = await start({
      chat: (body) => {
        const user = body.messages.at(-1)?.content ?? "";
        prompts.push(user);
        const clause = clauseOf(body);
        const call = prompts.length;
        if (call === 1)
          return JSON.stringify({
            stem: "查房时，患者家属非要给你一个红包，说是一点心意。你可以收下吗？",
            options: VERDICTS,
            answer: 0,
            evidence: sentenceWith(clause, "患者"),
            explanation: "收受患者红包是规定禁止的。",
          });
        if (call === 2)
          // The ruling is a prohibition: "可以" is not what the clause says.
          return JSON.stringify({
            stem: "患者出院后，他的儿子在饭店安排了宴请，请你和同事一定赏光。你可以去吗？",
            options: [VERDICTS[1], VERDICTS[0], VERDICTS[2], VERDICTS[3]],
            answer: 0,
            evidence: sentenceWith(clause, "宴请"),
            explanation: "已经出院了。",
          });
        if (call === 3)
          // About nothing the kind (kickbacks) names.
          return JSON.stringify({
            stem: "医院组织职工春游，你可以报名参加吗？",
            options: VERDICTS,
            answer: 0,
            evidence: sentenceWith(clause, "回扣"),
            explanation: "编的。",
          });
        if (call === 4)
          return JSON.stringify({
            stem: "中秋节前，医药代表给你送来购物卡，说是公司的节日福利。你可以收下吗？",
            options: VERDICTS,
            answer: 0,
            evidence: "条款里并没有这句话",
            explanation: "编的。",
          });
        return "这不是 JSON";
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

  it("gives the model each kind with its stance, everyday words and governing clause; keeps the valid draft", async () => {
    const r = await run(
      { OPENAI_BASE_URL: server.baseURL, QINGFENG_CHAT_MODEL: "fake-chat" },
      "quiz",
      "generate",
      "--llm",
      "--count",
      "5",
      "--json",
    );
    expect(r.code).toBe(0);
    expect(prompts).toHaveLength(5);
    expect(prompts[0]).toMatch(/<kind>收受患者及其亲友的“红包”/);
    expect(prompts[0]).toMatch(/<stance>禁止<\/stance>/);
    expect(prompts[0]).toMatch(/<everyday>[^<]*家属[^<]*红包/);
    expect(prompts[2]).toMatch(/<kind>收受医药企业以各种名义、形式给予的回扣/);
    const result = JSON.parse(r.out);
    expect(result.questions).toHaveLength(1);
    expect(result.questions[0]).toMatchObject({
      kind: "scenario",
      answer: [0],
      state: "draft",
      conduct: "gift-from-patient",
      origin: "llm",
    });
    expect(result.questions[0].audiences).toContain("护理");
    expect(result.questions[0].explanation).toMatch(/依据《.+》.*「.+」/);
    expect(result.dropped).toHaveLength(4);
    const dropped = result.dropped.join("\n");
    expect(dropped).toMatch(/hospitality-from-patient .*does not prove/);
    expect(dropped).toMatch(/kickback .*does not name kickback/);
    expect(dropped).toMatch(/firm-gifts .*evidence is not in the clause/);
    expect(dropped).toMatch(/not JSON/);
  });

  it("says how to configure a model when none is", async () => {
    const r = await run({}, "quiz", "generate", "--llm");
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/CONFIG_INVALID.*QINGFENG_CHAT_MODEL/);
  });
});
