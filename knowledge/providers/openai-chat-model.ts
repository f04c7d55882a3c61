import OpenAI, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from "openai";
import { type ErrorCode, isQingfengError, QingfengError } from "../errors.js";
import type { ChatCallOptions, ChatModel, ChatRequest } from "../ports/chat-model.js";

export interface OpenAIChatModelOptions {
  apiKey: string;
  /** Any OpenAI-compatible server (DeepSeek, Qwen, Ollama, vLLM…); omitted = api.openai.com. */
  baseURL?: string | undefined;
  model: string;
  /** Client-level timeout, a backstop for calls made without one. Default 30 000 ms. */
  timeoutMs?: number | undefined;
}

/** A chat model behind an OpenAI-compatible /v1/chat/completions endpoint. */
export class OpenAIChatModel implements ChatModel {
  readonly id: string;
  private readonly client: OpenAI;
  private readonly model: string;
  private readonly where: string;

  constructor(options: OpenAIChatModelOptions) {
    this.model = options.model;
    this.where = options.baseURL ?? "https://api.openai.com/v1";
    this.id = `openai-chat:${options.baseURL ?? "default"}:${options.model}`;
    this.client = new OpenAI({
      apiKey: options.apiKey,
      baseURL: options.baseURL,
      timeout: options.timeoutMs ?? 30_000,
      // The caller falls back to the offline answer at once; a retry would only spend its time budget.
      maxRetries: 0,
    });
  }

  async completeJson(request: ChatRequest, options: ChatCallOptions): Promise<string> {
    let completion: OpenAI.Chat.Completions.ChatCompletion;
    try {
      completion = await this.client.chat.completions.create(
        {
          model: this.model,
          messages: [
            { role: "system", content: request.system },
            { role: "user", content: request.user },
          ],
          // Answers must be reproducible: the same clauses give the same answer.
          temperature: 0,
          response_format: { type: "json_object" },
        },
        { timeout: options.timeoutMs, signal: options.signal },
      );
    } catch (error) {
      throw this.describe(error, options);
    }
    const content = completion?.choices?.[0]?.message?.content;
    if (typeof content !== "string" || content.trim() === "") {
      throw this.failure(
        "LLM_INVALID_OUTPUT",
        `${this.at()} returned no message content. Check that QINGFENG_CHAT_MODEL is a chat model on OPENAI_BASE_URL.`,
      );
    }
    return content;
  }

  private describe(error: unknown, options: ChatCallOptions): QingfengError {
    if (error instanceof APIUserAbortError || options.signal?.aborted) {
      // The caller aborted, usually at its own deadline: keep its reason.
      const reason: unknown = options.signal?.reason;
      if (isQingfengError(reason)) return reason;
      return this.failure("LLM_FAILED", `the call to ${this.at()} was aborted`, error);
    }
    if (error instanceof APIConnectionTimeoutError) {
      return this.failure(
        "LLM_TIMEOUT",
        `${this.at()} did not answer within ${options.timeoutMs} ms. Check OPENAI_BASE_URL or raise QINGFENG_LLM_TIMEOUT_MS.`,
        error,
      );
    }
    if (error instanceof APIConnectionError) {
      return this.failure(
        "LLM_FAILED",
        `cannot reach ${this.at()}: ${error.message}. Check OPENAI_BASE_URL and that the server is running.`,
        error,
      );
    }
    if (error instanceof APIError) {
      const status = error.status;
      if (status === 429) {
        return this.failure(
          "LLM_RATE_LIMITED",
          `${this.at()} is rate limiting (HTTP 429). Check the quota of OPENAI_API_KEY or use another QINGFENG_CHAT_MODEL.`,
          error,
        );
      }
      if (status === 401 || status === 403) {
        return this.failure(
          "LLM_FAILED",
          `${this.at()} refused the credentials (HTTP ${status}). Check OPENAI_API_KEY.`,
          error,
        );
      }
      if (status === 404) {
        return this.failure(
          "LLM_FAILED",
          `${this.at()} answered 404: unknown model or wrong endpoint. Check QINGFENG_CHAT_MODEL and OPENAI_BASE_URL.`,
          error,
        );
      }
      if (status === 400) {
        return this.failure(
          "LLM_FAILED",
          `${this.at()} rejected the request (HTTP 400): ${error.message}. QINGFENG_CHAT_MODEL must support JSON output (response_format json_object).`,
          error,
        );
      }
      return this.failure(
        "LLM_FAILED",
        `${this.at()} answered HTTP ${status ?? "?"}: ${error.message}. Check OPENAI_BASE_URL and QINGFENG_CHAT_MODEL.`,
        error,
      );
    }
    return this.failure(
      "LLM_FAILED",
      `calling ${this.at()} failed: ${error instanceof Error ? error.message : String(error)}`,
      error,
    );
  }

  private at(): string {
    return `${this.where} (model ${this.model})`;
  }

  private failure(code: ErrorCode, message: string, cause?: unknown): QingfengError {
    return new QingfengError(code, `Chat model failed: ${message}`, { cause });
  }
}
