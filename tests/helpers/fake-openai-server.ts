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
}

/** What a handler answers. `body` is sent as JSON unless it is a string. */
export interface FakeResponse {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * Decides the answer to a request; return undefined to fall through to the
 * built-in routes (POST /v1/embeddings).
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

/** An OpenAI-style error body. */
export function errorResponse(
  status: number,
  message: string,
  type = "server_error",
): FakeResponse {
  return { status, body: { error: { message, type, param: null, code: null } } };
}

function send(res: ServerResponse, answer: FakeResponse): void {
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
 * `encoding_format`); anything else is 404 unless `handler` answers it.
 */
export async function start(options: { handler?: FakeHandler } = {}): Promise<FakeOpenAIServer> {
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
      };
      requests.push(recorded);
      Promise.resolve(options.handler?.(recorded))
        .then((answer) => {
          if (answer !== undefined) return send(res, answer);
          if (recorded.method === "POST" && recorded.path === "/v1/embeddings") {
            return send(res, embeddingsResponse(recorded.body));
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
