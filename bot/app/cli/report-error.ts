import { isHelpRequested, isUsageError, usageErrorText } from "../../../lib/cli-args.js";
import { isQingfengError } from "../../kernel/errors.js";
import type { CommandIO } from "./context.js";

/**
 * What the CLI prints for an error and the exit code it ends with: help → 0;
 * a mistake in the command line → one line and the usage, 2; a typed error or
 * a file that cannot be read → one line (and the fix), 1; anything else → one
 * line, 1. The stack only with --debug (or LOG_LEVEL=debug): a user's mistake
 * is never answered with a trace.
 */
export function reportError(error: unknown, io: CommandIO, debug: boolean): number {
  if (isHelpRequested(error)) {
    io.out(error.text);
    return 0;
  }
  if (isUsageError(error)) {
    io.err(usageErrorText(error));
    return 2;
  }
  if (isQingfengError(error)) {
    io.err(`error ${error.code}: ${error.message}`);
    if (error.hint) io.err(`hint: ${error.hint}`);
  } else if (isSystemError(error)) {
    // "ENOENT: no such file or directory, open 'x.jsonl'" names the file and the cause.
    io.err(`error: ${error.message}`);
  } else {
    const message = error instanceof Error ? error.message : String(error);
    io.err(`error: ${message.split("\n")[0]}`);
    if (!debug) io.err("(run again with --debug for the details)");
  }
  if (debug && error instanceof Error && error.stack) io.err(error.stack);
  return 1;
}

function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  return (
    error instanceof Error &&
    typeof (error as NodeJS.ErrnoException).syscall === "string" &&
    typeof (error as NodeJS.ErrnoException).code === "string"
  );
}
