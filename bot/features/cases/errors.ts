import { defineErrorHints } from "../../../lib/errors.js";

export { isQingfengError, QingfengError } from "../../../lib/errors.js";

declare module "../../../lib/errors.js" {
  interface ErrorCodes {
    CASE_INVALID: true;
    CASE_NOT_FOUND: true;
    CASE_IMMUTABLE: true;
    CASE_NO_TARGETS: true;
  }
}

defineErrorHints({
  CASE_INVALID: "A notice needs a title and the facts; see the notice format in the README.",
  CASE_NOT_FOUND: "List notices with `qingfeng case list` (or /case list) and use its id.",
  CASE_IMMUTABLE:
    "A published notice cannot change: publish a correction (`case correct ID FILE`).",
  CASE_NO_TARGETS:
    "No group is subscribed (with those tags): have a group admin send /subscribe first.",
});
