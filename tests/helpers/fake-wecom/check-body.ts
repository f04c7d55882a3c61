/**
 * What WeCom checks in a message the bot sends, as documented (被动回复消息,
 * 主动推送消息, 模板卡片类型): returns the errcode/errmsg WeCom would answer, or
 * undefined when the body is acceptable. Keeps the emulator honest about
 * sizes, card shapes and unique task ids.
 */

export interface Refusal {
  errcode: number;
  errmsg: string;
}

const MAX_CONTENT_BYTES = 20_480;
const TASK_ID = /^[A-Za-z0-9_\-@]{1,128}$/;

const invalid = (what: string): Refusal => ({
  errcode: 40058,
  errmsg: `invalid parameter: ${what}`,
});

/** A reply (aibot_respond_msg) or a proactive send (aibot_send_msg) body. */
export function checkMessageBody(
  body: Record<string, unknown>,
  usedTaskIds: Set<string>,
  proactive: boolean,
): Refusal | undefined {
  switch (body.msgtype) {
    case "stream": {
      if (proactive) return { errcode: 40008, errmsg: "invalid message type" };
      const stream = body.stream as { id?: unknown; content?: unknown } | undefined;
      if (typeof stream?.id !== "string" || stream.id === "") return invalid("stream.id");
      return checkContent(stream.content);
    }
    case "markdown":
      return checkContent((body.markdown as { content?: unknown } | undefined)?.content);
    case "template_card":
      return checkCard(body.template_card, usedTaskIds);
    default:
      // stream_with_template_card included: "不支持流式消息+模板卡片的组合消息" over the long connection.
      return { errcode: 40008, errmsg: "invalid message type" };
  }
}

function checkContent(content: unknown): Refusal | undefined {
  if (typeof content !== "string" || content === "")
    return { errcode: 44004, errmsg: "empty content" };
  if (Buffer.byteLength(content, "utf8") > MAX_CONTENT_BYTES)
    return { errcode: 45002, errmsg: "content size out of limit" };
  return undefined;
}

/** A button_interaction card: a title, 1–6 buttons with unique keys ≤ 1,024 bytes, a fresh task_id. */
export function checkCard(card: unknown, usedTaskIds: Set<string>): Refusal | undefined {
  const c = card as {
    card_type?: unknown;
    main_title?: { title?: unknown };
    button_list?: { text?: unknown; key?: unknown }[];
    task_id?: unknown;
  };
  if (c?.card_type !== "button_interaction") return invalid("card_type");
  if (typeof c.main_title?.title !== "string" || c.main_title.title === "")
    return invalid("main_title.title");
  const buttons = c.button_list;
  if (!Array.isArray(buttons) || buttons.length === 0 || buttons.length > 6)
    return invalid("button_list size");
  const keys = new Set<string>();
  for (const b of buttons) {
    if (typeof b.text !== "string" || b.text === "") return invalid("button text");
    if (typeof b.key !== "string" || b.key === "" || Buffer.byteLength(b.key) > 1024)
      return invalid("button key");
    if (keys.has(b.key)) return invalid("duplicate button key");
    keys.add(b.key);
  }
  if (typeof c.task_id !== "string" || !TASK_ID.test(c.task_id)) return invalid("task_id");
  if (usedTaskIds.has(c.task_id)) return invalid("task_id already used");
  return undefined;
}

/**
 * WeCom's quota for one chat: "无论是回复还是主动推送消息，总共给某个会话发消息的限制为
 * 30 条/分钟，1000 条/小时", counted on the emulator's clock.
 */
export class ChatQuota {
  private readonly sent = new Map<string, number[]>();

  /** Counts a message to `chatId` at `now`; false (and not counted) when over the quota. */
  take(chatId: string, now: number): boolean {
    const times = (this.sent.get(chatId) ?? []).filter((t) => t > now - 3_600_000);
    const lastMinute = times.filter((t) => t > now - 60_000).length;
    if (lastMinute >= 30 || times.length >= 1_000) {
      this.sent.set(chatId, times);
      return false;
    }
    times.push(now);
    this.sent.set(chatId, times);
    return true;
  }
}
