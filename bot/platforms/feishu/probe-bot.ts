import type { Client } from "@larksuiteoapi/node-sdk";
import { PlatformStartError } from "../../kernel/platform-adapter.js";
import { FeishuApiError, toApiError } from "./feishu-api-error.js";

export interface BotIdentity {
  openId: string;
  name: string;
}

/** Token endpoint codes for an App ID / App Secret Feishu does not accept. */
const CREDENTIALS = new Set([10003, 10012, 10014, 10015]);

/**
 * Who the bot is (bot/v3/info, after fetching the tenant token): its open_id
 * tells @mentions of it from others. A PlatformStartError says whether trying
 * again can help: refused credentials or a missing bot ability cannot.
 */
export async function probeBot(client: Client): Promise<BotIdentity> {
  let res: { code?: number; msg?: string; bot?: { open_id?: string; app_name?: string } };
  try {
    res = await client.request({ method: "GET", url: "/open-apis/bot/v3/info" });
  } catch (error) {
    throw startError(error);
  }
  const openId = res?.bot?.open_id;
  if (res?.code === 0 && openId) return { openId, name: res.bot?.app_name ?? "" };
  throw new PlatformStartError(
    "feishu",
    "PLATFORM_REJECTED",
    `Feishu has no bot for this app (code ${res?.code}: ${res?.msg}): add 机器人 in 开发者后台 → 添加应用能力 and publish a version.`,
  );
}

function startError(error: unknown): PlatformStartError {
  const e = toApiError(error);
  // The SDK reports a token refused with HTTP 200 as a plain Error naming the code.
  const tokenCode = /tenant_access_token, code: (\d+)/.exec(
    e instanceof Error ? e.message : "",
  )?.[1];
  const code = e instanceof FeishuApiError ? e.code : tokenCode ? Number(tokenCode) : undefined;
  const message = e instanceof Error ? e.message : String(e);
  if (code !== undefined && CREDENTIALS.has(code))
    return new PlatformStartError(
      "feishu",
      "PLATFORM_REJECTED",
      `Feishu refused the app credentials (${message}): copy FEISHU_APP_ID and FEISHU_APP_SECRET again from 开发者后台 → 凭证与基础信息.`,
      { cause: error },
    );
  return new PlatformStartError("feishu", "PLATFORM_UNREACHABLE", `Feishu: ${message}`, {
    cause: error,
  });
}
