import { afterEach, describe, expect, it } from "vitest";
import { OpenAIChatModel } from "../../../knowledge/providers/openai-chat-model.js";
import { isQingfengError, QingfengError } from "../../../lib/errors.js";
import {
  chatBodies,
  errorResponse,
  type FakeOpenAIServer,
  HOLD,
  start,
} from "../../helpers/fake-openai-server.js";

async function failure(promise: Promise<unknown>): Promise<QingfengError> {
  try {
    await promise;
  } catch (error) {
    if (isQingfengError(error)) return error;
    throw error;
  }
  throw new Error("expected a failure");
}

const request = { system: "Reply with JSON.", user: "红包" };

describe("OpenAIChatModel", () => {
  let server: FakeOpenAIServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const modelFor = (baseURL: string) =>
    new OpenAIChatModel({ apiKey: "sk-chat-456", baseURL, model: "qwen2.5" });

  it("asks for deterministic JSON and returns the raw assistant content", async () => {
    server = await start({ chat: () => '{"ok": true}' });
    const model = modelFor(server.baseURL);
    expect(model.id).toBe(`openai-chat:${server.baseURL}:qwen2.5`);
    expect(await model.completeJson(request, { timeoutMs: 5000 })).toBe('{"ok": true}');

    const [body] = chatBodies(server.requests);
    expect(body).toEqual({
      model: "qwen2.5",
      messages: [
        { role: "system", content: "Reply with JSON." },
        { role: "user", content: "红包" },
      ],
      temperature: 0,
      response_format: { type: "json_object" },
    });
    expect(server.requests[0]?.headers.authorization).toBe("Bearer sk-chat-456");
  });

  it("maps 429 to LLM_RATE_LIMITED and 5xx to LLM_FAILED, without retrying", async () => {
    server = await start({
      chat: (body) =>
        body.messages[1]?.content === "429"
          ? errorResponse(429, "slow down", "rate_limit_error")
          : errorResponse(503, "overloaded"),
    });
    const model = modelFor(server.baseURL);
    const limited = await failure(
      model.completeJson({ system: "s", user: "429" }, { timeoutMs: 5000 }),
    );
    expect(limited.code).toBe("LLM_RATE_LIMITED");
    expect(limited.message).toMatch(/429/);
    expect(limited.message).not.toContain("sk-chat-456");

    const down = await failure(
      model.completeJson({ system: "s", user: "503" }, { timeoutMs: 5000 }),
    );
    expect(down.code).toBe("LLM_FAILED");
    expect(down.message).toMatch(/503[\s\S]*OPENAI_BASE_URL[\s\S]*QINGFENG_CHAT_MODEL/);
    expect(chatBodies(server.requests)).toHaveLength(2);
  });

  it("names the model setting on 404 and the key on 401", async () => {
    server = await start({
      chat: (body) =>
        body.messages[1]?.content === "401"
          ? errorResponse(401, "bad key", "invalid_request_error")
          : errorResponse(404, "model not found", "invalid_request_error"),
    });
    const model = modelFor(server.baseURL);
    const missing = await failure(
      model.completeJson({ system: "s", user: "404" }, { timeoutMs: 5000 }),
    );
    expect(missing.message).toMatch(/QINGFENG_CHAT_MODEL/);
    const refused = await failure(
      model.completeJson({ system: "s", user: "401" }, { timeoutMs: 5000 }),
    );
    expect(refused.message).toMatch(/OPENAI_API_KEY/);
    expect(refused.message).not.toContain("sk-chat-456");
  });

  it("times out on a hung server and cancels the request", async () => {
    server = await start({ chat: () => HOLD });
    const started = Date.now();
    const error = await failure(modelFor(server.baseURL).completeJson(request, { timeoutMs: 200 }));
    expect(error.code).toBe("LLM_TIMEOUT");
    expect(error.message).toMatch(/200 ms[\s\S]*QINGFENG_LLM_TIMEOUT_MS/);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(await server.requests[0]?.outcome).toBe("aborted");
  });

  it("stops at once when the caller aborts, keeping the caller's reason", async () => {
    server = await start({ chat: () => HOLD });
    const controller = new AbortController();
    const pending = modelFor(server.baseURL).completeJson(request, {
      timeoutMs: 60_000,
      signal: controller.signal,
    });
    // Abort once the request has reached the server, so the abort is what ends it.
    while (server.requests.length === 0) await new Promise((r) => setImmediate(r));
    controller.abort(new QingfengError("LLM_TIMEOUT", "deadline of the caller"));
    const error = await failure(pending);
    expect(error.code).toBe("LLM_TIMEOUT");
    expect(error.message).toBe("deadline of the caller");
    expect(await server.requests[0]?.outcome).toBe("aborted");
  });

  it("fails clearly when the server is unreachable or sends no content", async () => {
    server = await start({ handler: () => ({ body: { choices: [] } }) });
    const empty = await failure(
      modelFor(server.baseURL).completeJson(request, { timeoutMs: 5000 }),
    );
    expect(empty.code).toBe("LLM_INVALID_OUTPUT");
    expect(empty.message).toMatch(/QINGFENG_CHAT_MODEL/);

    const closed = server.baseURL;
    await server.close();
    server = undefined;
    const unreachable = await failure(modelFor(closed).completeJson(request, { timeoutMs: 5000 }));
    expect(unreachable.code).toBe("LLM_FAILED");
    expect(unreachable.message).toMatch(/OPENAI_BASE_URL/);
  });
});
