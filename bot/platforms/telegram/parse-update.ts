import type { Update } from "telegraf/types";
import { RequestRejected } from "../../kernel/platform-adapter.js";

/**
 * A webhook body as an update, or a 400: it must be a JSON object with a
 * whole, non-negative `update_id` (the key redeliveries are recognised by —
 * without it every such update would share the key "undefined").
 */
export function parseUpdate(body: Buffer): Update {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    throw new RequestRejected(400, "telegram update is not JSON");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new RequestRejected(400, "telegram update is not an object");
  }
  if (!hasUpdateId(parsed)) throw new RequestRejected(400, "telegram update has no update_id");
  return parsed as Update;
}

/** Whether an update carries a usable update_id (also checked on polled updates). */
export function hasUpdateId(update: object): boolean {
  const id = (update as { update_id?: unknown }).update_id;
  return typeof id === "number" && Number.isSafeInteger(id) && id >= 0;
}
