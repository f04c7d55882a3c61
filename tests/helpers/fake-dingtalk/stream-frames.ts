/**
 * The JSON frames of DingTalk's Stream protocol as the server sends them
 * (the shapes dingtalk-stream's DWClientDownStream types and the official
 * Python SDK's frames.py read): a type, headers with a messageId and a
 * topic, and `data` as a JSON string. The client answers each CALLBACK and
 * EVENT with `{code, headers: {messageId}, message, data}`.
 */
export interface DownFrame {
  specVersion: "1.0";
  type: "SYSTEM" | "EVENT" | "CALLBACK";
  headers: Record<string, string>;
  data: string;
}

/** What the client sent back for a frame (its ack, or its answer to a ping). */
export interface UpFrame {
  code: number;
  headers: { messageId: string; contentType?: string; topic?: string };
  message: string;
  data: string;
}

export const TOPIC_ROBOT = "/v1.0/im/bot/messages/get";
export const TOPIC_CARD = "/v1.0/card/instances/callback";

let sequence = 0;

/** A fresh messageId, as DingTalk's are unique per delivery. */
export function newMessageId(): string {
  sequence += 1;
  return `msg-${Date.now().toString(36)}-${sequence}`;
}

export function callbackFrame(
  topic: string,
  data: unknown,
  options: { messageId?: string; appId?: string; connectionId?: string } = {},
): DownFrame {
  return {
    specVersion: "1.0",
    type: "CALLBACK",
    headers: {
      appId: options.appId ?? "fake-app",
      connectionId: options.connectionId ?? "fake-connection",
      contentType: "application/json",
      messageId: options.messageId ?? newMessageId(),
      time: String(Date.now()),
      topic,
    },
    data: JSON.stringify(data),
  };
}

export function systemFrame(topic: "ping" | "disconnect", data: unknown = {}): DownFrame {
  return {
    specVersion: "1.0",
    type: "SYSTEM",
    headers: {
      contentType: "application/json",
      messageId: newMessageId(),
      time: String(Date.now()),
      topic,
    },
    data: JSON.stringify(data),
  };
}

/** A user's message to the robot: every DM, or a group message that @mentions it. */
export interface RobotMessageInput {
  /** "dm" or a group's openConversationId (cid…). */
  chat: "dm" | string;
  user: { staffId: string; nick?: string; isAdmin?: boolean };
  text: string;
  msgId?: string;
  groupTitle?: string;
}

/** The robot message callback's data, as DingTalk documents it (机器人接收消息). */
export function robotMessageData(
  input: RobotMessageInput,
  robot: { robotCode: string; corpId: string },
  webhook: { url: string; expiresAt: number },
  now: number,
): Record<string, unknown> {
  const dm = input.chat === "dm";
  return {
    conversationId: dm ? `cidDM${input.user.staffId}` : input.chat,
    atUsers: dm ? [] : [{ dingtalkId: "$:LWCP_v1:$robot" }],
    chatbotCorpId: robot.corpId,
    chatbotUserId: "$:LWCP_v1:$robot",
    msgId: input.msgId ?? `msg${newMessageId()}`,
    senderNick: input.user.nick ?? input.user.staffId,
    isAdmin: input.user.isAdmin ?? false,
    senderStaffId: input.user.staffId,
    sessionWebhookExpiredTime: webhook.expiresAt,
    createAt: now,
    senderCorpId: robot.corpId,
    conversationType: dm ? "1" : "2",
    senderId: `$:LWCP_v1:$${input.user.staffId}`,
    ...(dm ? {} : { conversationTitle: input.groupTitle ?? "测试群" }),
    isInAtList: !dm,
    sessionWebhook: webhook.url,
    // In a group the @mention is not part of the text; DingTalk leaves the space after it.
    text: { content: dm ? input.text : ` ${input.text}` },
    robotCode: robot.robotCode,
    msgtype: "text",
  };
}

/** Which button of which card a user pressed. */
export interface CardButtonPressed {
  outTrackId: string;
  userId: string;
  buttonId: string;
  params: Record<string, unknown>;
}

/** A button press on a card (卡片回传请求), as the Stream callback carries it. */
export function cardCallbackData(
  press: CardButtonPressed,
  corpId: string,
): Record<string, unknown> {
  const content = JSON.stringify({
    cardPrivateData: { actionIds: [press.buttonId], params: press.params },
  });
  return {
    extension: "{}",
    corpId,
    // Real callbacks arrive with these empty: the card's chat is not named.
    spaceType: "",
    spaceId: "",
    userIdType: 1,
    type: "actionCallback",
    userId: press.userId,
    content,
    value: content,
    outTrackId: press.outTrackId,
  };
}
