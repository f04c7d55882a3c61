import { defineErrorHints } from "../lib/errors.js";

export { type ErrorCode, isQingfengError, QingfengError } from "../lib/errors.js";

declare module "../lib/errors.js" {
  interface ErrorCodes {
    STORE_FAILED: true;
    STORE_BUSY: true;
    EMBEDDINGS_FAILED: true;
    LLM_FAILED: true;
    LLM_TIMEOUT: true;
    LLM_RATE_LIMITED: true;
    LLM_INVALID_OUTPUT: true;
    VERDICT_CONTRADICTS_ANSWER: true;
    VERDICT_UNCLEAR: true;
  }
}

defineErrorHints({
  STORE_FAILED:
    "Check that QINGFENG_DATA_DIR is writable and has free space; the database file may be damaged if this persists.",
  STORE_BUSY:
    "Another qingfeng process is writing to the same data directory: wait for it and try again.",
  EMBEDDINGS_FAILED:
    "Check OPENAI_API_KEY / OPENAI_BASE_URL and the embedding model name, or unset QINGFENG_EMBEDDING_MODEL to use the offline embedder.",
  LLM_FAILED: "The answer falls back to the offline one; check the provider settings in .env.",
  LLM_TIMEOUT: "Raise QINGFENG_LLM_TIMEOUT_MS or check the provider's status.",
  LLM_RATE_LIMITED: "The provider is rate-limiting this key: wait, or raise the key's quota.",
  LLM_INVALID_OUTPUT: "The model's output was refused by validation; the offline answer was used.",
  VERDICT_CONTRADICTS_ANSWER:
    "Give the verdict the answer states (--verdict), or reword the answer's first sentence (不可以 / 可以，但须… / 未涉及).",
  VERDICT_UNCLEAR:
    "Say the verdict with --verdict prohibited|conditional|info|not_covered, or start the answer with it (不可以。/ 可以，但须…).",
});
