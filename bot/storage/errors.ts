import { defineErrorHints } from "../../lib/errors.js";

// Through knowledge/errors so STORE_FAILED and its hint are registered too.
export { isQingfengError, QingfengError } from "../../knowledge/errors.js";

declare module "../../lib/errors.js" {
  interface ErrorCodes {
    DATABASE_UNREACHABLE: true;
    SCHEMA_NEWER: true;
  }
}

defineErrorHints({
  DATABASE_UNREACHABLE:
    "Check that PostgreSQL runs and DATABASE_URL (host, port, user, password, database) is right; the bot reports not ready until it answers.",
  SCHEMA_NEWER:
    "A newer qingfeng migrated this database: run that version (or newer) on every instance, never an older one.",
});
