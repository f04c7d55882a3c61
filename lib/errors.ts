/**
 * Typed errors with stable codes and fix hints. Codes are part of the contract
 * (logs, CLI output, chat replies); the message says what went wrong, the hint
 * what to do about it.
 *
 * Each layer owns its codes: it adds them to `ErrorCodes` by module
 * augmentation and registers their hints with `defineErrorHints` in its own
 * errors.ts, which is what its code imports.
 */
export interface ErrorCodes {
  BAD_INPUT: true;
  NOT_FOUND: true;
}

export type ErrorCode = keyof ErrorCodes;

const HINTS = new Map<ErrorCode, string>();

/** Registers the fix hint shown with each code (a thrown error may give its own). */
export function defineErrorHints(hints: { [C in ErrorCode]?: string }): void {
  for (const [code, hint] of Object.entries(hints)) {
    if (hint !== undefined) HINTS.set(code as ErrorCode, hint);
  }
}

export class QingfengError extends Error {
  readonly code: ErrorCode;
  /** What the user or admin can do about it, when anything. */
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; hint?: string }) {
    super(message, options);
    this.name = "QingfengError";
    this.code = code;
    this.hint = options?.hint ?? HINTS.get(code);
  }
}

export function isQingfengError(error: unknown): error is QingfengError {
  return error instanceof QingfengError;
}

defineErrorHints({
  BAD_INPUT: "Check the value against the usage (`qingfeng help`) and try again.",
  NOT_FOUND: "List what exists first (`qingfeng docs`, `case list`, `quiz list`) and use its id.",
});
