/** Feishu's schema 2.0 event envelopes, as the long connection delivers them. */

export interface FakeUser {
  openId: string;
  name?: string;
}

export interface FakeChatRef {
  id: string;
  type: "p2p" | "group";
}

interface Envelope {
  eventId: string;
  eventType: string;
  appId: string;
  at: number;
}

function header(e: Envelope) {
  return {
    event_id: e.eventId,
    event_type: e.eventType,
    create_time: String(e.at),
    token: "",
    app_id: e.appId,
    tenant_key: "tenant-1",
  };
}

/** A text message in a chat; `mentions` are open_ids written as @_user_N keys in the text. */
export function messageEvent(
  e: Omit<Envelope, "eventType">,
  fields: {
    chat: FakeChatRef;
    sender: FakeUser;
    messageId: string;
    text: string;
    mentions?: { openId: string; name: string }[];
  },
) {
  const mentions = (fields.mentions ?? []).map((m, i) => ({
    key: `@_user_${i + 1}`,
    id: { open_id: m.openId, union_id: `on_${m.openId}`, user_id: "" },
    name: m.name,
    tenant_key: "tenant-1",
  }));
  const prefix = mentions.map((m) => `${m.key} `).join("");
  return {
    schema: "2.0",
    header: header({ ...e, eventType: "im.message.receive_v1" }),
    event: {
      sender: {
        sender_id: { open_id: fields.sender.openId, union_id: `on_${fields.sender.openId}` },
        sender_type: "user",
        tenant_key: "tenant-1",
      },
      message: {
        message_id: fields.messageId,
        create_time: String(e.at),
        chat_id: fields.chat.id,
        chat_type: fields.chat.type,
        message_type: "text",
        content: JSON.stringify({ text: `${prefix}${fields.text}` }),
        ...(mentions.length > 0 ? { mentions } : {}),
      },
    },
  };
}

/** A button press on a card (card.action.trigger over the long connection). */
export function cardActionEvent(
  e: Omit<Envelope, "eventType">,
  fields: { chatId: string; messageId: string; operator: FakeUser; value: unknown },
) {
  return {
    schema: "2.0",
    header: header({ ...e, eventType: "card.action.trigger" }),
    event: {
      operator: {
        tenant_key: "tenant-1",
        open_id: fields.operator.openId,
        union_id: `on_${fields.operator.openId}`,
      },
      token: `c-${e.eventId}`,
      action: { value: fields.value, tag: "button" },
      host: "im_message",
      context: { open_message_id: fields.messageId, open_chat_id: fields.chatId },
    },
  };
}
