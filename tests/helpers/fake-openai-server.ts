import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request the fake server received. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. /v1/embeddings. */
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body, or the raw text when it is not JSON, or undefined when empty. */
  body: unknown;
  /**
   * How the exchange ended: "answered", or "aborted" when the client closed
   * the connection before the response (e.g. it gave up on a held request).
   */
  outcome: Promise<"answered" | "aborted">;
}

/** What a handler answers. `body` is sent as JSON unless it is a string. */
export interface FakeResponse {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Never respond: the request hangs until the client gives up or the server closes. */
  hold?: boolean;
}

/** A response that never comes (a hung server), for timeout tests. */
export const HOLD: FakeResponse = { hold: true };

/** The body of a POST /v1/chat/completions request. */
export interface ChatCompletionBody {
  model: string;
  messages: { role: string; content: string }[];
  temperature?: number;
  response_format?: { type: string };
}

/**
 * What the fake chat model does with one request: a string is the assistant
 * content of a 200 completion; a FakeResponse is sent as is (errors, HOLD).
 */
export type ChatHandler = (
  body: ChatCompletionBody,
  request: RecordedRequest,
) => string | FakeResponse | Promise<string | FakeResponse>;

/**
 * Decides the answer to a request; return undefined to fall through to the
 * built-in routes (POST /v1/embeddings, POST /v1/chat/completions).
 */
export type FakeHandler = (
  request: RecordedRequest,
) => FakeResponse | undefined | Promise<FakeResponse | undefined>;

export interface FakeOpenAIServer {
  /** e.g. http://127.0.0.1:54321/v1 — pass as the client's baseURL. */
  baseURL: string;
  /** Every request, in arrival order. */
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Default size of the fake embeddings. */
export const FAKE_DIMENSIONS = 8;

/**
 * A deterministic fake embedding: the same text always gives the same unit
 * vector, different texts (almost always) different ones.
 */
export function fakeEmbedding(text: string, dimensions = FAKE_DIMENSIONS): number[] {
  const vector: number[] = [];
  let state = 2166136261;
  for (let i = 0; i < text.length; i++)
    state = Math.imul(state ^ text.charCodeAt(i), 16777619) >>> 0;
  for (let i = 0; i < dimensions; i++) {
    state = Math.imul(state ^ (i + 1), 2654435761) >>> 0;
    vector.push((state / 0xffffffff) * 2 - 1);
  }
  const norm = Math.sqrt(vector.reduce((sum, v) => sum + v * v, 0)) || 1;
  return vector.map((v) => v / norm);
}

function embeddingsResponse(body: unknown): FakeResponse {
  const request = (body ?? {}) as {
    model?: unknown;
    input?: unknown;
    dimensions?: unknown;
    encoding_format?: unknown;
  };
  const inputs = typeof request.input === "string" ? [request.input] : request.input;
  if (!Array.isArray(inputs) || inputs.length === 0 || typeof request.model !== "string") {
    return errorResponse(400, "input and model are required", "invalid_request_error");
  }
  const dimensions = typeof request.dimensions === "number" ? request.dimensions : FAKE_DIMENSIONS;
  const data = inputs.map((input, index) => {
    const vector = fakeEmbedding(String(input), dimensions);
    const embedding =
      request.encoding_format === "base64"
        ? Buffer.from(new Float32Array(vector).buffer).toString("base64")
        : vector;
    return { object: "embedding", index, embedding };
  });
  return {
    status: 200,
    body: {
      object: "list",
      data,
      model: request.model,
      usage: { prompt_tokens: inputs.length, total_tokens: inputs.length },
    },
  };
}

/** A 200 chat completion whose assistant message is `content`. */
export function chatCompletion(content: string, model = "fake-chat"): FakeResponse {
  return {
    status: 200,
    body: {
      id: "chatcmpl-fake",
      object: "chat.completion",
      created: 0,
      model,
      choices: [
        {
          index: 0,
          message: { role: "assistant", content },
          finish_reason: "stop",
          logprobs: null,
        },
      ],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    },
  };
}

/** The chat completion requests among `requests`, in arrival order. */
export function chatBodies(requests: RecordedRequest[]): ChatCompletionBody[] {
  return requests
    .filter((r) => r.method === "POST" && r.path === "/v1/chat/completions")
    .map((r) => r.body as ChatCompletionBody);
}

function chatResponse(
  chat: ChatHandler | undefined,
  recorded: RecordedRequest,
): FakeResponse | Promise<FakeResponse> {
  const body = recorded.body as Partial<ChatCompletionBody> | undefined;
  if (typeof body?.model !== "string" || !Array.isArray(body.messages)) {
    return errorResponse(400, "model and messages are required", "invalid_request_error");
  }
  if (!chat) return chatCompletion("{}", body.model);
  return Promise.resolve(chat(body as ChatCompletionBody, recorded)).then((reply) =>
    typeof reply === "string" ? chatCompletion(reply, body.model) : reply,
  );
}

/** An OpenAI-style error body. */
export function errorResponse(
  status: number,
  message: string,
  type = "server_error",
): FakeResponse {
  return { status, body: { error: { message, type, param: null, code: null } } };
}

function send(res: ServerResponse, answer: FakeResponse): void {
  if (answer.hold) return;
  const text = typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body ?? {});
  res.writeHead(answer.status ?? 200, {
    "content-type": typeof answer.body === "string" ? "text/plain" : "application/json",
    ...answer.headers,
  });
  res.end(text);
}

/**
 * Starts an OpenAI-compatible fake on 127.0.0.1 (random port). Built in:
 * POST /v1/embeddings with deterministic vectors (honours `dimensions` and
 * `encoding_format`) and POST /v1/chat/completions answered by `chat`
 * (default: the content "{}"); anything else is 404 unless `handler` answers
 * it. `handler` goes first for every route.
 */
export async function start(
  options: { handler?: FakeHandler; chat?: ChatHandler } = {},
): Promise<FakeOpenAIServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      let body: unknown;
      if (text !== "") {
        try {
          body = JSON.parse(text);
        } catch {
          body = text;
        }
      }
      const recorded: RecordedRequest = {
        method: req.method ?? "GET",
        path: (req.url ?? "/").split("?")[0] ?? "/",
        headers: req.headers,
        body,
        outcome: new Promise((resolve) =>
          res.on("close", () => resolve(res.writableFinished ? "answered" : "aborted")),
        ),
      };
      requests.push(recorded);
      Promise.resolve(options.handler?.(recorded))
        .then((answer) => {
          if (answer !== undefined) return send(res, answer);
          if (recorded.method === "POST" && recorded.path === "/v1/embeddings") {
            return send(res, embeddingsResponse(recorded.body));
          }
          if (recorded.method === "POST" && recorded.path === "/v1/chat/completions") {
            return Promise.resolve(chatResponse(options.chat, recorded)).then((r) => send(res, r));
          }
          send(
            res,
            errorResponse(404, `no route ${recorded.method} ${recorded.path}`, "not_found"),
          );
        })
        .catch((error: unknown) => send(res, errorResponse(500, String(error))));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Clients keep connections alive; without this close() waits for them to time out.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
