import { idList, isHttpUrl } from "../../../lib/config-values.js";
import type { EnvReader } from "../../kernel/platform.js";

/** DingTalk's server API (api.dingtalk.com): token, gateway, robot and card endpoints. */
export const DINGTALK_API_ROOT = "https://api.dingtalk.com";

/**
 * The public "Markdown + buttons" card template DingTalk ships with its
 * official Stream SDK (dingtalk-stream-sdk-python, MarkdownButtonCardInstance):
 * usable by any app without drawing a template on the card platform.
 */
export const MARKDOWN_BUTTON_TEMPLATE = "1366a1eb-bc54-4859-ac88-517c56a9acb1.schema";

export interface DingTalkConfig {
  /** Client ID (the app's AppKey): Stream credentials and the OAuth token. */
  clientId: string;
  clientSecret: string;
  /** The robot that sends; an app's own robot has the Client ID as its code. */
  robotCode: string;
  /** Server API root (DINGTALK_API_ROOT): api.dingtalk.com, or an emulator on loopback. */
  apiRoot: string;
  /** The interactive card template for messages with buttons. */
  cardTemplateId: string;
  /** Staff ids (userId) of bot admins. */
  admins: string[];
}

/** Client IDs and secrets are printable tokens without spaces; anything else was pasted wrong. */
const TOKEN = /^[\x21-\x7e]+$/;

/**
 * Reads the DINGTALK_* keys. Undefined when DingTalk is not configured; a key
 * set without its partner, or a value that cannot be right, is a problem
 * naming the key and how to fix it.
 */
export function readDingTalkConfig(str: EnvReader, problems: string[]): DingTalkConfig | undefined {
  const clientId = str("DINGTALK_CLIENT_ID");
  const clientSecret = str("DINGTALK_CLIENT_SECRET");
  const others = [
    "DINGTALK_ROBOT_CODE",
    "DINGTALK_ADMIN_IDS",
    "DINGTALK_API_ROOT",
    "DINGTALK_CARD_TEMPLATE_ID",
  ].filter((key) => str(key) !== undefined);
  if (!clientId) {
    if (clientSecret || others.length > 0)
      problems.push(
        `${[clientSecret ? "DINGTALK_CLIENT_SECRET" : "", ...others].filter(Boolean).join(" / ")} set but DINGTALK_CLIENT_ID is not: copy the Client ID (AppKey) from 钉钉开发者后台 → 应用开发 → your app → 凭证与基础信息`,
      );
    return undefined;
  }
  if (!TOKEN.test(clientId) || clientId.length > 64)
    problems.push(
      "DINGTALK_CLIENT_ID must be the app's Client ID (AppKey, e.g. dingxxxxxxxxxxxxxxxx) without spaces: copy it again from 凭证与基础信息",
    );
  if (!clientSecret)
    problems.push(
      "DINGTALK_CLIENT_SECRET must be set with DINGTALK_CLIENT_ID: copy the Client Secret (AppSecret) from 凭证与基础信息",
    );
  else if (!TOKEN.test(clientSecret) || clientSecret.length < 16)
    problems.push(
      "DINGTALK_CLIENT_SECRET does not look like a Client Secret (16+ characters, no spaces): copy it again from 凭证与基础信息",
    );
  const robotCode = str("DINGTALK_ROBOT_CODE") ?? clientId;
  if (!TOKEN.test(robotCode))
    problems.push(
      "DINGTALK_ROBOT_CODE must be the robot's RobotCode without spaces (leave it blank: an app's own robot uses the Client ID)",
    );
  const apiRoot = str("DINGTALK_API_ROOT") ?? DINGTALK_API_ROOT;
  if (!isHttpUrl(apiRoot))
    problems.push(
      `DINGTALK_API_ROOT="${apiRoot}" is not an http(s) URL (leave it blank for ${DINGTALK_API_ROOT})`,
    );
  const cardTemplateId = str("DINGTALK_CARD_TEMPLATE_ID") ?? MARKDOWN_BUTTON_TEMPLATE;
  if (!TOKEN.test(cardTemplateId))
    problems.push(
      "DINGTALK_CARD_TEMPLATE_ID must be a card template id from 卡片平台 (e.g. xxxxxxxx-….schema), or blank for the built-in Markdown + buttons template",
    );
  const admins = idList(str("DINGTALK_ADMIN_IDS"));
  if (admins.some((a) => !TOKEN.test(a)))
    problems.push("DINGTALK_ADMIN_IDS must be staff ids (userId), comma-separated");
  return {
    clientId,
    clientSecret: clientSecret ?? "",
    robotCode,
    apiRoot: apiRoot.replace(/\/+$/, ""),
    cardTemplateId,
    admins,
  };
}
