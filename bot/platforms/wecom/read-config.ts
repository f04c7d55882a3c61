import { idList } from "../../../lib/config-values.js";
import type { EnvReader } from "../../kernel/platform.js";

export interface WecomConfig {
  botId: string;
  secret: string;
  /** A private deployment's long-connection address (or an emulator's); WeCom's own by default. */
  wsUrl?: string | undefined;
  /** WeCom userids of bot admins. */
  admins: string[];
}

/** 成员UserID: 1–64 letters, digits and _-@. , starting with a letter or a digit. */
const USER_ID = /^[A-Za-z0-9][A-Za-z0-9_\-@.]{0,63}$/;

const WHERE =
  "企业微信管理后台 → 安全与管理 → 管理工具 → 智能机器人 → your bot → API 模式 (长连接)";

/**
 * WECOM_BOT_ID, WECOM_BOT_SECRET, WECOM_WS_URL and WECOM_ADMIN_IDS, checked
 * with a fix for each problem; undefined when WeCom is not configured.
 */
export function readWecomConfig(str: EnvReader, problems: string[]): WecomConfig | undefined {
  const botId = str("WECOM_BOT_ID");
  const secret = str("WECOM_BOT_SECRET");
  const wsUrl = str("WECOM_WS_URL");
  const adminIds = str("WECOM_ADMIN_IDS");
  if (!botId && !secret) {
    if (wsUrl || adminIds)
      problems.push(
        `WECOM_WS_URL / WECOM_ADMIN_IDS are set but WECOM_BOT_ID and WECOM_BOT_SECRET are not: copy both from ${WHERE}`,
      );
    return undefined;
  }
  if (!botId)
    problems.push(`WECOM_BOT_SECRET is set but WECOM_BOT_ID is not: copy the Bot ID from ${WHERE}`);
  if (!secret)
    problems.push(`WECOM_BOT_ID is set but WECOM_BOT_SECRET is not: copy the Secret from ${WHERE}`);
  for (const [key, value] of [
    ["WECOM_BOT_ID", botId],
    ["WECOM_BOT_SECRET", secret],
  ] as const) {
    if (value !== undefined && (!/^[\x21-\x7e]{1,256}$/.test(value) || /["'`]/.test(value)))
      problems.push(
        `${key} contains spaces, quotes or non-ASCII characters: copy it again from ${WHERE}, without quotes`,
      );
  }
  if (wsUrl !== undefined && !isWsUrl(wsUrl))
    problems.push(
      `WECOM_WS_URL="${wsUrl}" is not a ws:// or wss:// URL — leave it blank for WeCom's own (wss://openws.work.weixin.qq.com), or give your private deployment's long-connection address`,
    );
  const admins = idList(adminIds);
  const bad = admins.filter((a) => !USER_ID.test(a));
  if (bad.length > 0)
    problems.push(
      `WECOM_ADMIN_IDS has ${bad.map((b) => `"${b}"`).join(", ")}: give WeCom userids (通讯录 → 成员 → 账号, e.g. ZhangSan), comma-separated`,
    );
  return { botId: botId ?? "", secret: secret ?? "", wsUrl, admins };
}

function isWsUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === "ws:" || u.protocol === "wss:";
  } catch {
    return false;
  }
}
