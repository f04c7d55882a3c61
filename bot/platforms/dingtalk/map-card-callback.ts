import type { ActionEvent } from "../../kernel/events.js";
import { MAX_ACTION_BYTES } from "../../kernel/out-message.js";
import { chatOfTrackId } from "./chat-target.js";

/**
 * The data of a /v1.0/card/instances/callback (a button pressed on one of
 * our cards) as a core action, or the reason it is ignored: not a press, a
 * card that is not ours (its outTrackId does not name a chat of ours), or a
 * button without our data. `deliveryId` is the frame's messageId, which a
 * redelivery of the same press repeats.
 */
export function mapCardCallback(
  data: unknown,
  messageId: string,
): ActionEvent | { ignored: string } {
  if (!isRecord(data)) return { ignored: "data is not an object" };
  if (data.type !== undefined && data.type !== "actionCallback")
    return { ignored: `callback type ${String(data.type)}` };
  const outTrackId = typeof data.outTrackId === "string" ? data.outTrackId : "";
  const chat = chatOfTrackId(outTrackId);
  if (!chat) return { ignored: "not one of our cards" };
  const userId = typeof data.userId === "string" && data.userId !== "" ? data.userId : undefined;
  if (!userId) return { ignored: "no user" };
  const content = parseContent(data.content ?? data.value);
  const params = isRecord(content?.cardPrivateData) ? content.cardPrivateData.params : undefined;
  const action = isRecord(params) ? params.data : undefined;
  if (typeof action !== "string" || action === "" || Buffer.byteLength(action) > MAX_ACTION_BYTES)
    return { ignored: "no button data" };
  return {
    type: "action",
    platform: "dingtalk",
    deliveryId: `card:${messageId}`,
    chat,
    user: { id: userId },
    data: action,
  };
}

/** `content` arrives as a JSON string (the documented form) or, from some senders, as an object. */
function parseContent(raw: unknown): Record<string, unknown> | undefined {
  if (isRecord(raw)) return raw;
  if (typeof raw !== "string") return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
