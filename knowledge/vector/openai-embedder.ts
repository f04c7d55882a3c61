import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError } from "openai";
import { QingfengError } from "../errors.js";
import type { Embedder } from "../types.js";

export interface OpenAIEmbedderOptions {
  apiKey: string;
  /** Any OpenAI-compatible server (Ollama, vLLM, DeepSeek…); omitted = api.openai.com. */
  baseURL?: string | undefined;
  model: string;
  /** Per-request timeout. Default 30 000 ms. */
  timeoutMs?: number | undefined;
  /** Texts per request. Default 64. */
  batchSize?: number | undefined;
  /** Expected vector size; learnt from the first response when omitted. */
  dimensions?: number | undefined;
  /**
   * Also ask the server for `dimensions` (text-embedding-3-* can shorten
   * vectors); many compatible servers reject the parameter, so it is off by default.
   */
  requestDimensions?: boolean | undefined;
  /** Retries of the OpenAI client on 429/5xx/connection errors. Default 2. */
  maxRetries?: number | undefined;
}

/** Embeddings from an OpenAI-compatible /v1/embeddings endpoint. */
export class OpenAIEmbedder implements Embedder {
  readonly id: string;
  private readonly client: OpenAI;
  private readonly model: string;
  private readonly batchSize: number;
  private readonly requestDimensions: boolean;
  private readonly where: string;
  private knownDimensions: number | undefined;

  constructor(options: OpenAIEmbedderOptions) {
    const batchSize = options.batchSize ?? 64;
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new QingfengError(
        "BAD_INPUT",
        `batchSize must be a positive integer, got ${batchSize}`,
      );
    }
    if (options.requestDimensions === true && options.dimensions === undefined) {
      throw new QingfengError("BAD_INPUT", "requestDimensions needs dimensions");
    }
    this.model = options.model;
    this.batchSize = batchSize;
    this.requestDimensions = options.requestDimensions === true;
    this.knownDimensions = options.dimensions;
    this.where = options.baseURL ?? "https://api.openai.com/v1";
    // Shortened vectors are different vectors: the id must change with them.
    const suffix = this.requestDimensions ? `:${options.dimensions}` : "";
    this.id = `openai:${options.baseURL ?? "default"}:${options.model}${suffix}`;
    this.client = new OpenAI({
      apiKey: options.apiKey,
      baseURL: options.baseURL,
      timeout: options.timeoutMs ?? 30_000,
      maxRetries: options.maxRetries ?? 2,
    });
  }

  /** Vector size; 0 until known (given in the options, or after probeDimensions() or a first call). */
  get dimensions(): number {
    return this.knownDimensions ?? 0;
  }

  /** The vector size, asking the server with one short text when not yet known. */
  async probeDimensions(): Promise<number> {
    if (this.knownDimensions === undefined) await this.embedQuery("清风");
    return this.dimensions;
  }

  async embedQuery(document: string): Promise<number[]> {
    const [vector] = await this.embedDocuments([document]);
    if (vector === undefined) throw this.badResponse("the server returned no vector");
    return vector;
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    const vectors: number[][] = [];
    for (let start = 0; start < documents.length; start += this.batchSize) {
      vectors.push(...(await this.embedBatch(documents.slice(start, start + this.batchSize))));
    }
    return vectors;
  }

  private async embedBatch(batch: string[]): Promise<number[][]> {
    // OpenAI rejects empty strings outright; a blank embeds as "nothing" instead.
    const input = batch.map((text) => (text.trim() === "" ? " " : text));
    let response: OpenAI.Embeddings.CreateEmbeddingResponse;
    try {
      response = await this.client.embeddings.create({
        model: this.model,
        input,
        // The SDK would default to base64, which several compatible servers do not implement.
        encoding_format: "float",
        ...(this.requestDimensions ? { dimensions: this.knownDimensions } : {}),
      });
    } catch (error) {
      throw this.describe(error);
    }
    const data = Array.isArray(response?.data) ? [...response.data] : [];
    if (data.length !== batch.length) {
      throw this.badResponse(`asked for ${batch.length} vectors, got ${data.length}`);
    }
    data.sort((a, b) => a.index - b.index);
    return data.map(({ embedding }) => this.checked(embedding));
  }

  private checked(embedding: unknown): number[] {
    if (!Array.isArray(embedding) || embedding.some((v) => typeof v !== "number")) {
      throw this.badResponse("the response holds no numeric embedding");
    }
    const vector = embedding as number[];
    if (this.knownDimensions === undefined) this.knownDimensions = vector.length;
    if (vector.length === 0 || vector.length !== this.knownDimensions) {
      throw this.badResponse(
        `got a ${vector.length}-dimensional vector, expected ${this.knownDimensions}`,
      );
    }
    return vector;
  }

  private describe(error: unknown): QingfengError {
    const at = `${this.where} (model ${this.model})`;
    if (error instanceof APIConnectionTimeoutError) {
      return this.failure(
        `timed out calling ${at}. Check OPENAI_BASE_URL or raise QINGFENG_LLM_TIMEOUT_MS.`,
        error,
      );
    }
    if (error instanceof APIConnectionError) {
      return this.failure(
        `cannot reach ${at}: ${error.message}. Check OPENAI_BASE_URL and that the server is running.`,
        error,
      );
    }
    if (error instanceof APIError) {
      const status = error.status;
      if (status === 401 || status === 403) {
        return this.failure(
          `${at} refused the credentials (HTTP ${status}). Check OPENAI_API_KEY.`,
          error,
        );
      }
      if (status === 404) {
        return this.failure(
          `${at} answered 404: unknown model or wrong endpoint. Check QINGFENG_EMBEDDING_MODEL and OPENAI_BASE_URL.`,
          error,
        );
      }
      return this.failure(
        `${at} answered HTTP ${status ?? "?"}: ${error.message}. Check OPENAI_BASE_URL, OPENAI_API_KEY and QINGFENG_EMBEDDING_MODEL.`,
        error,
      );
    }
    return this.failure(
      `calling ${at} failed: ${(error as Error)?.message ?? String(error)}`,
      error,
    );
  }

  private badResponse(message: string): QingfengError {
    return this.failure(
      `${message} from ${this.where} (model ${this.model}). Check that OPENAI_BASE_URL is an OpenAI-compatible server and QINGFENG_EMBEDDING_MODEL an embedding model.`,
    );
  }

  private failure(message: string, cause?: unknown): QingfengError {
    return new QingfengError("EMBEDDINGS_FAILED", `Embeddings failed: ${message}`, { cause });
  }
}
