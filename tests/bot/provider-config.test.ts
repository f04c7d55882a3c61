import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../bot/app/config.js";
import { main } from "../../bot/cli.js";
import { type FakeOpenAIServer, start } from "../helpers/fake-openai-server.js";

describe("an OpenAI-compatible provider configured by environment", () => {
  let dir: string;
  let fake: FakeOpenAIServer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "qingfeng-provider-"));
    fake = await start({
      chat: () =>
        JSON.stringify({
          verdict: "prohibited",
          explanation: "不可以，接受医药代表安排的宴请违反规定[1]。",
          citations: [1],
        }),
    });
  });
  afterAll(async () => {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const ask = async (env: Record<string, string>) => {
    const out: string[] = [];
    const config = loadConfig({
      QINGFENG_DATA_DIR: join(dir, "data"),
      OPENAI_BASE_URL: fake.baseURL,
      ...env,
    });
    const code = await main(["ask", "药代请我吃饭可以吗？", "--json"], {
      config,
      io: { out: (t) => out.push(t), err: () => {}, isTTY: false },
    });
    expect(code).toBe(0);
    return JSON.parse(out.join("\n"));
  };

  it("writes answers with the chat model and the embeddings model when both are named", async () => {
    const answer = await ask({
      QINGFENG_CHAT_MODEL: "fake-chat",
      QINGFENG_EMBEDDING_MODEL: "fake-embed",
    });
    expect(answer.mode).toBe("llm");
    expect(answer.verdict).toBe("prohibited");
    expect(answer.answer).toContain("宴请");
    const paths = new Set(fake.requests.map((r) => r.path));
    expect(paths).toEqual(new Set(["/v1/embeddings", "/v1/chat/completions"]));
  });

  it("stays offline for answers when only a base URL is set", async () => {
    const before = fake.requests.filter((r) => r.path === "/v1/chat/completions").length;
    const answer = await ask({ QINGFENG_EMBEDDING_MODEL: "fake-embed" });
    expect(answer.mode).toBe("offline");
    expect(fake.requests.filter((r) => r.path === "/v1/chat/completions").length).toBe(before);
  });
});
