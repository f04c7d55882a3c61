/**
 * Typed errors with stable codes. Codes are part of the contract (logs, CLI
 * output, chat replies); messages say what went wrong and how to fix it.
 */
export type ErrorCode =
  | "INGEST_EMPTY_FILE"
  | "INGEST_BINARY_FILE"
  | "INGEST_UNSUPPORTED_TYPE"
  | "INGEST_CORRUPT_FILE"
  | "INGEST_NOT_FOUND"
  | "INGEST_NO_TEXT"
  | "CONFIG_INVALID"
  | "STORE_FAILED"
  | "STORE_BUSY"
  | "INGEST_SYMLINK_LOOP"
  | "PLATFORM_UNREACHABLE"
  | "PLATFORM_REJECTED"
  | "EMBEDDINGS_FAILED"
  | "LLM_FAILED"
  | "LLM_TIMEOUT"
  | "LLM_RATE_LIMITED"
  | "LLM_INVALID_OUTPUT"
  | "NOT_FOUND"
  | "BAD_INPUT"
  | "CASE_INVALID"
  | "CASE_NOT_FOUND"
  | "CASE_IMMUTABLE"
  | "CASE_NO_TARGETS"
  | "BROADCAST_STATE"
  | "ROSTER_INVALID";

export class QingfengError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "QingfengError";
    this.code = code;
  }
}

/** An ingest failure that names the file it is about. */
export class IngestError extends QingfengError {
  readonly file: string;

  constructor(code: ErrorCode, file: string, message: string, options?: { cause?: unknown }) {
    super(code, `${file}: ${message}`, options);
    this.name = "IngestError";
    this.file = file;
  }
}

export function isQingfengError(error: unknown): error is QingfengError {
  return error instanceof QingfengError;
}
