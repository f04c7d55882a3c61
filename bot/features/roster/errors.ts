import { defineErrorHints } from "../../../lib/errors.js";

export { isQingfengError, QingfengError } from "../../../lib/errors.js";

declare module "../../../lib/errors.js" {
  interface ErrorCodes {
    ROSTER_INVALID: true;
  }
}

defineErrorHints({
  ROSTER_INVALID:
    "Fix the lines listed and import again: columns name, department and at least one platform id.",
});
