import { afterEach, describe, expect, it } from "vitest";
import { OpenAIEmbedder } from "../../knowledge/vector/openai-embedder.js";
import { isQingfengError, type QingfengError } from "../../lib/errors.js";
import {
  errorResponse,
  FAKE_DIMENSIONS,
  type FakeOpenAIServer,
  fakeEmbedding,
  start,
} from "../helpers/fake-openai-server.js";

async function failure(promise: Promise<unknown>): Promise<QingfengError> {
  try {
    await promise;
  } catch (error) {
    if (isQingfengError(error)) return error;
    throw error;
  }
  throw new Error("expected a failure");
}

describe("OpenAIEmbedder", () => {
  let server: FakeOpenAIServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const embedderFor = (baseURL: string, extra: { batchSize?: number; dimensions?: number } = {}) =>
    new OpenAIEmbedder({
      apiKey: "sk-test-123",
      baseURL,
      model: "bge-m3",
      maxRetries: 0,
      timeoutMs: 5000,
      ...extra,
    });

  it("batches inputs and sends the model and the API key", async () => {
    server = await start();
    const embedder = embedderFor(server.baseURL);
    const texts = Array.from({ length: 130 }, (_, i) => `条款${i}`);
    const vectors = await embedder.embedDocuments(texts);

    expect(server.requests).toHaveLength(3);
    const sizes = server.requests.map((r) => (r.body as { input: string[] }).input.length);
    expect(sizes).toEqual([64, 64, 2]);
    for (const request of server.requests) {
      expect(request.method).toBe("POST");
      expect(request.path).toBe("/v1/embeddings");
      expect(request.headers.authorization).toBe("Bearer sk-test-123");
      expect((request.body as { model: string }).model).toBe("bge-m3");
    }
    expect(vectors).toHaveLength(130);
    expect(vectors[129]).toEqual(fakeEmbedding("条款129"));
    expect(embedder.dimensions).toBe(FAKE_DIMENSIONS);
  });

  it("names server and model in its id and learns the size by probing", async () => {
    server = await start();
    const embedder = embedderFor(server.baseURL);
    expect(embedder.id).toBe(`openai:${server.baseURL}:bge-m3`);
    expect(embedder.dimensions).toBe(0);
    expect(await embedder.probeDimensions()).toBe(FAKE_DIMENSIONS);
    expect(await embedder.probeDimensions()).toBe(FAKE_DIMENSIONS);
    expect(server.requests).toHaveLength(1);
    expect(await embedder.embedQuery("红包")).toEqual(fakeEmbedding("红包"));
    expect(await embedder.embedDocuments([])).toEqual([]);
  });

  it("wraps a server error as EMBEDDINGS_FAILED", async () => {
    server = await start({ handler: () => errorResponse(500, "model crashed") });
    const error = await failure(embedderFor(server.baseURL).embedQuery("红包"));
    expect(error.code).toBe("EMBEDDINGS_FAILED");
    expect(error.message).toMatch(/500/);
    expect(error.message).toMatch(/OPENAI_BASE_URL/);
    expect(error.cause).toBeDefined();
    expect(server.requests).toHaveLength(1);
  });

  it("points at the API key on 401 without leaking it", async () => {
    server = await start({
      handler: () => errorResponse(401, "invalid api key", "invalid_request_error"),
    });
    const error = await failure(embedderFor(server.baseURL).embedDocuments(["红包"]));
    expect(error.code).toBe("EMBEDDINGS_FAILED");
    expect(error.message).toMatch(/OPENAI_API_KEY/);
    expect(error.message).not.toContain("sk-test-123");
  });

  it("fails clearly when the server is unreachable or answers nonsense", async () => {
    server = await start({ handler: () => ({ body: { data: [] } }) });
    const short = await failure(embedderFor(server.baseURL).embedQuery("红包"));
    expect(short.code).toBe("EMBEDDINGS_FAILED");
    expect(short.message).toMatch(/QINGFENG_EMBEDDING_MODEL/);

    const closed = server.baseURL;
    await server.close();
    server = undefined;
    const unreachable = await failure(embedderFor(closed).embedQuery("红包"));
    expect(unreachable.code).toBe("EMBEDDINGS_FAILED");
    expect(unreachable.message).toMatch(/OPENAI_BASE_URL/);
  });

  it("rejects vectors of an unexpected size", async () => {
    server = await start();
    const error = await failure(
      embedderFor(server.baseURL, { dimensions: 1024 }).embedQuery("红包"),
    );
    expect(error.code).toBe("EMBEDDINGS_FAILED");
    expect(error.message).toMatch(/1024/);
  });
});
