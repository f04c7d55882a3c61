import { defineErrorHints } from "../../../lib/errors.js";

export { isQingfengError, QingfengError } from "../../../lib/errors.js";

declare module "../../../lib/errors.js" {
  interface ErrorCodes {
    BROADCAST_STATE: true;
  }
}

defineErrorHints({
  BROADCAST_STATE: "Check the broadcast's state with `qingfeng case status ID` first.",
});
