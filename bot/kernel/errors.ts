import { defineErrorHints } from "../../lib/errors.js";

export { type ErrorCode, isQingfengError, QingfengError } from "../../lib/errors.js";

declare module "../../lib/errors.js" {
  interface ErrorCodes {
    CONFIG_INVALID: true;
    PLATFORM_UNREACHABLE: true;
    PLATFORM_REJECTED: true;
  }
}

defineErrorHints({
  CONFIG_INVALID: "Fix the setting named above in the environment or .env (see .env.example).",
  PLATFORM_UNREACHABLE:
    "The platform could not be reached; the bot keeps retrying. Check the network or proxy.",
  PLATFORM_REJECTED:
    "The platform refused the credentials: check the token or secret in .env and restart.",
});
