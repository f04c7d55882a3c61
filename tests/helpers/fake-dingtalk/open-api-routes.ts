import { randomBytes } from "node:crypto";
import type { DingTalkCall, DingTalkPost } from "./fake-dingtalk.js";

/** An HTTP answer: DingTalk's JSON body with its status. */
export interface ApiAnswer {
  status?: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface OpenApiState {
  clientId: string;
  clientSecret: string;
  cardTemplateId: string;
  now: () => number;
  tokens: Set<string>;
  /** One-time tickets for the WebSocket, handed out by the gateway. */
  tickets: Set<string>;
  sessions: Map<string, { chatId: string; expiresAt: number }>;
  cards: Map<string, DingTalkPost>;
  removedFrom: Set<string>;
  unknownStaff: Set<string>;
  /** Per API path: when each call came (for the 20-a-second throttle). */
  apiCalls: Map<string, number[]>;
  /** Per group: when each robot message arrived (for the 20-a-minute limit). */
  groupPosts: Map<string, number[]>;
  throttled: number;
  violations: Set<string>;
  wsUrl: string;
  record(post: DingTalkPost): void;
}

/** DingTalk's per-app, per-API limit (附录B：如何处理钉钉服务端API限流). */
const QPS = 20;
/** A robot's messages to one group in a minute. */
const PER_GROUP_PER_MINUTE = 20;
/** createAndDeliver: "value: 参数值（最长不超过1KB）". */
const CARD_VALUE_BYTES = 1024;
/** groupMessages/send: msgParam "must not exceed 15,000 bytes". */
const MSG_PARAM_BYTES = 15_000;

const fail = (status: number, code: string, message: string): ApiAnswer => ({
  status,
  body: { code, message, requestid: randomBytes(8).toString("hex") },
});

/** The built-in answer to one call (after the test's override declined it). */
export function answerOpenApi(state: OpenApiState, call: DingTalkCall, url: URL): ApiAnswer {
  const b = call.body;
  switch (url.pathname) {
    case "/v1.0/gateway/connections/open": {
      if (b.clientId !== state.clientId || b.clientSecret !== state.clientSecret)
        return fail(401, "InvalidAuthentication", "clientId or clientSecret is invalid");
      const ticket = randomBytes(12).toString("hex");
      state.tickets.add(ticket);
      return { body: { endpoint: state.wsUrl, ticket } };
    }
    case "/v1.0/oauth2/accessToken": {
      if (b.appKey !== state.clientId || b.appSecret !== state.clientSecret)
        return fail(400, "invalidClientIdOrSecret", "无效的clientId或者clientSecret");
      const token = `tok-${randomBytes(8).toString("hex")}`;
      state.tokens.add(token);
      return { body: { accessToken: token, expireIn: 7200 } };
    }
    case "/robot/sendBySession":
      return sessionWebhook(state, url, b);
  }
  if (!call.token || !state.tokens.has(call.token))
    return fail(401, "InvalidAuthentication", "不合法的access_token");
  const throttled = throttle(state, url.pathname);
  if (throttled) return throttled;
  switch (url.pathname) {
    case "/v1.0/robot/groupMessages/send":
      return groupMessage(state, b);
    case "/v1.0/robot/oToMessages/batchSend":
      return oneToOne(state, b);
    case "/v1.0/card/instances/createAndDeliver":
      return card(state, b);
    default:
      return fail(404, "InvalidAction.NotFound", `no API ${url.pathname}`);
  }
}

function throttle(state: OpenApiState, path: string): ApiAnswer | undefined {
  const t = state.now();
  const recent = (state.apiCalls.get(path) ?? []).filter((at) => at > t - 1_000);
  if (recent.length >= QPS) {
    state.throttled += 1;
    return fail(403, "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi", "调用接口超过应用QPS限流");
  }
  recent.push(t);
  state.apiCalls.set(path, recent);
  return undefined;
}

function countForGroup(state: OpenApiState, chatId: string): void {
  if (!chatId.startsWith("cid")) return;
  const t = state.now();
  const recent = (state.groupPosts.get(chatId) ?? []).filter((at) => at > t - 60_000);
  recent.push(t);
  state.groupPosts.set(chatId, recent);
  if (recent.length > PER_GROUP_PER_MINUTE) state.violations.add(chatId);
}

function markdownParam(raw: unknown): { title: string; text: string } | ApiAnswer {
  if (typeof raw !== "string" || Buffer.byteLength(raw) > MSG_PARAM_BYTES)
    return fail(
      400,
      "invalidParameter.msgParam.invalid",
      "msgParam必须是JSON格式，且不超过15000字节",
    );
  try {
    const p = JSON.parse(raw) as { title?: unknown; text?: unknown };
    if (typeof p.text !== "string" || typeof p.title !== "string")
      return fail(400, "invalidParameter.msgParam.invalid", "sampleMarkdown需要title和text");
    return { title: p.title, text: p.text };
  } catch {
    return fail(400, "invalidParameter.msgParam.invalid", "msgParam必须是JSON格式");
  }
}

function groupMessage(state: OpenApiState, b: Record<string, unknown>): ApiAnswer {
  if (b.robotCode !== state.clientId)
    return fail(400, "invalidParameter.robotCode.invalid", "无效的robotCode");
  const cid = b.openConversationId;
  if (typeof cid !== "string" || !cid.startsWith("cid"))
    return fail(400, "invalid.openConversationId", "无效的openConversationId");
  if (state.removedFrom.has(cid))
    return fail(400, "invalidParameter.robotCode.notExsit", "机器人不存在，请检查机器人是否在群内");
  if (b.msgKey !== "sampleMarkdown")
    return fail(400, "invalidParameter.msgKey.invalid", "msgKey无效");
  const param = markdownParam(b.msgParam);
  if ("body" in param) return param;
  countForGroup(state, cid);
  state.record({
    chatId: cid,
    kind: "markdown",
    via: "api",
    text: param.text,
    title: param.title,
    buttons: [],
    at: state.now(),
  });
  return { body: { processQueryKey: `pqk-${randomBytes(6).toString("hex")}` } };
}

function oneToOne(state: OpenApiState, b: Record<string, unknown>): ApiAnswer {
  if (b.robotCode !== state.clientId)
    return fail(400, "invalidParameter.robotCode.invalid", "无效的robotCode");
  const userIds = Array.isArray(b.userIds) ? b.userIds.filter((u) => typeof u === "string") : [];
  if (userIds.length === 0) return fail(400, "invalidParameter.userIds.empty", "userId列表为空");
  if (userIds.length > 20)
    return fail(400, "invalidParameter.userIds.overMax", "userId列表超过最大限制");
  if (b.msgKey !== "sampleMarkdown")
    return fail(400, "invalidParameter.msgKey.invalid", "msgKey无效");
  const param = markdownParam(b.msgParam);
  if ("body" in param) return param;
  const invalid = userIds.filter((u) => state.unknownStaff.has(u));
  for (const userId of userIds.filter((u) => !state.unknownStaff.has(u)))
    state.record({
      chatId: userId,
      kind: "markdown",
      via: "api",
      text: param.text,
      title: param.title,
      buttons: [],
      at: state.now(),
    });
  return {
    body: {
      processQueryKey: `pqk-${randomBytes(6).toString("hex")}`,
      invalidStaffIdList: invalid,
      flowControlledStaffIdList: [],
    },
  };
}

function card(state: OpenApiState, b: Record<string, unknown>): ApiAnswer {
  if (b.cardTemplateId !== state.cardTemplateId)
    return fail(400, "param.templateNotExist", "param.templateNotExist");
  const outTrackId = b.outTrackId;
  if (typeof outTrackId !== "string" || outTrackId === "")
    return fail(400, "param.outTrackIdEmpty", "param.outTrackIdEmpty");
  if (state.cards.has(outTrackId))
    return fail(400, "param.cardAlreadyExist", "param.cardAlreadyExist");
  const m = /^dtv1\.card\/\/(IM_GROUP|IM_ROBOT)\.(.+)$/.exec(String(b.openSpaceId ?? ""));
  if (!m?.[1] || !m[2]) return fail(400, "param.openSpaceIdInvalid", "param.openSpaceIdInvalid");
  const [spaceType, spaceId] = [m[1], m[2]];
  const deliver = (
    spaceType === "IM_GROUP" ? b.imGroupOpenDeliverModel : b.imRobotOpenDeliverModel
  ) as { robotCode?: unknown } | undefined;
  if (deliver?.robotCode !== state.clientId)
    return fail(400, "param.openDeliverModelError", "param.openDeliverModelError");
  const params = (b.cardData as { cardParamMap?: Record<string, unknown> } | undefined)
    ?.cardParamMap;
  if (!params) return fail(400, "param.cardPublicDataEmpty", "param.cardPublicDataEmpty");
  for (const value of Object.values(params))
    if (typeof value !== "string" || Buffer.byteLength(value) > CARD_VALUE_BYTES)
      return fail(400, "param.invalid", "cardParamMap的值必须是字符串，且不超过1KB");
  let buttons: DingTalkPost["buttons"] = [];
  try {
    const parsed = JSON.parse(String(params.sys_full_json_obj ?? "{}")) as {
      msgButtons?: { text?: unknown; id?: unknown; request?: unknown; params?: unknown }[];
    };
    buttons = (parsed.msgButtons ?? []).map((x) => ({
      text: String(x.text ?? ""),
      id: String(x.id ?? ""),
      params: (x.params ?? {}) as Record<string, unknown>,
    }));
  } catch {
    return fail(400, "param.invalid", "sys_full_json_obj不是JSON");
  }
  const gone =
    (spaceType === "IM_GROUP" && state.removedFrom.has(spaceId)) ||
    (spaceType === "IM_ROBOT" && state.unknownStaff.has(spaceId));
  const post: DingTalkPost = {
    chatId: spaceId,
    kind: "card",
    via: "api",
    text: String(params.markdown ?? ""),
    title: "",
    buttons,
    outTrackId,
    at: state.now(),
  };
  state.cards.set(outTrackId, post);
  if (!gone) {
    // Presses come back over Stream only for callbackType STREAM; a card without it has dead buttons.
    if (b.callbackType !== "STREAM") post.buttons = [];
    countForGroup(state, spaceId);
    state.record(post);
  }
  return {
    body: {
      success: true,
      result: {
        outTrackId,
        deliverResults: [
          gone
            ? {
                spaceType,
                spaceId,
                success: false,
                errorMsg: spaceType === "IM_GROUP" ? "robot not in group" : "user not exist",
              }
            : { spaceType, spaceId, success: true, carrierId: `carrier-${outTrackId}` },
        ],
      },
    },
  };
}

function sessionWebhook(state: OpenApiState, url: URL, b: Record<string, unknown>): ApiAnswer {
  const session = state.sessions.get(url.searchParams.get("session") ?? "");
  if (!session || session.expiresAt < state.now())
    return { body: { errcode: 300001, errmsg: "session不存在或已过期" } };
  const markdown = b.markdown as { title?: unknown; text?: unknown } | undefined;
  if (b.msgtype !== "markdown" || typeof markdown?.text !== "string")
    return { body: { errcode: 300005, errmsg: "不支持的消息类型" } };
  countForGroup(state, session.chatId);
  state.record({
    chatId: session.chatId,
    kind: "markdown",
    via: "webhook",
    text: markdown.text,
    title: String(markdown.title ?? ""),
    buttons: [],
    at: state.now(),
  });
  return { body: { errcode: 0, errmsg: "ok" } };
}
