/** One request to a chat model: a system prompt and one user message. */
export interface ChatRequest {
  system: string;
  user: string;
}

export interface ChatCallOptions {
  /** The call fails with LLM_TIMEOUT after this long. */
  timeoutMs: number;
  /** Aborting it ends the call at once (the caller's own deadline). */
  signal?: AbortSignal | undefined;
}

/**
 * The chat-model port: any OpenAI-compatible model (OpenAI, DeepSeek, Qwen,
 * Ollama, vLLM) behind one call that asks for a JSON object. Failures are
 * QingfengErrors with codes LLM_TIMEOUT, LLM_RATE_LIMITED, LLM_FAILED or
 * LLM_INVALID_OUTPUT; validating the JSON is the caller's job.
 */
export interface ChatModel {
  /** Server and model, for logs and fallback reasons. */
  readonly id: string;
  /** Returns the raw assistant content. */
  completeJson(request: ChatRequest, options: ChatCallOptions): Promise<string>;
}
