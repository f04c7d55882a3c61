import { defineErrorHints } from "../../../lib/errors.js";

export { isQingfengError, QingfengError } from "../../../lib/errors.js";

declare module "../../../lib/errors.js" {
  interface ErrorCodes {
    CONSOLE_SIGN_IN_REFUSED: true;
    CONSOLE_RATE_LIMITED: true;
  }
}

defineErrorHints({
  CONSOLE_SIGN_IN_REFUSED:
    "Send /console to the bot for a new sign-in link (links work once, for 15 minutes), or set a password with `qingfeng admin password`.",
  CONSOLE_RATE_LIMITED: "Too many failed sign-ins: wait 15 minutes and try again.",
});
