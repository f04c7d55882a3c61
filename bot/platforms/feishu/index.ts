import { idList, isHttpUrl } from "../../../lib/config-values.js";
import type { PlatformDescriptor } from "../../kernel/platform.js";

export interface FeishuConfig {
  appId: string;
  appSecret: string;
  /** Open API base: https://open.feishu.cn, https://open.larksuite.com or a private deployment. */
  domain: string;
  /** open_ids (ou_…) of bot admins. */
  admins: string[];
}

/** Where each FEISHU_DOMAIN word points (the SDK's Domain.Feishu / Domain.Lark). */
const DOMAINS: Record<string, string> = {
  feishu: "https://open.feishu.cn",
  lark: "https://open.larksuite.com",
};

/** The format the SDK's WSClient insists on (it silently refuses to start otherwise). */
const APP_ID = /^cli_[0-9a-f]{16}$/i;

/**
 * Feishu / Lark over @larksuiteoapi/node-sdk: events and card button presses
 * over the long connection (WSClient, no public URL), messages as interactive
 * cards through the Open API. im/v1/messages allows 50/s and 1,000/min per
 * app and 5/s per chat (shared with the other bots in it): one send every
 * 64 ms keeps the app under 940/min, leaving room for live answers, and 4 a
 * second per chat leaves room for the chat's other bots.
 */
export const feishuPlatform: PlatformDescriptor<FeishuConfig> = {
  id: "feishu",
  label: "Feishu / Lark",
  limits: { minIntervalMs: 64, perChat: { count: 4, windowMs: 1_000 } },
  readConfig(str, problems) {
    const appId = str("FEISHU_APP_ID");
    const appSecret = str("FEISHU_APP_SECRET");
    const rawDomain = str("FEISHU_DOMAIN");
    const rawAdmins = str("FEISHU_ADMIN_IDS");
    if (!appId) {
      if (appSecret || rawDomain || rawAdmins)
        problems.push(
          "FEISHU_APP_SECRET / FEISHU_DOMAIN / FEISHU_ADMIN_IDS are set but FEISHU_APP_ID is not: add the App ID from 开发者后台 → 凭证与基础信息 (cli_…)",
        );
      return undefined;
    }
    if (!APP_ID.test(appId))
      problems.push(
        `FEISHU_APP_ID="${appId}" is not a Feishu App ID: copy it from 开发者后台 → 凭证与基础信息 (cli_ and 16 hex digits)`,
      );
    if (!appSecret)
      problems.push(
        "FEISHU_APP_SECRET must be set with FEISHU_APP_ID: copy the App Secret from 开发者后台 → 凭证与基础信息",
      );
    const domain = readDomain(rawDomain, problems);
    const admins = idList(rawAdmins);
    if (admins.some((id) => !/^ou_[0-9A-Za-z]+$/.test(id)))
      problems.push(
        "FEISHU_ADMIN_IDS must be open_ids (ou_…), comma-separated: the bot logs the open_id of whoever writes to it at debug level",
      );
    return { appId, appSecret: appSecret ?? "", domain, admins };
  },
  admins: (config) => config.admins,
  async create(config, ctx) {
    // Loaded here, not at the top: `qingfeng ask` never pays for the SDK.
    const { createFeishuClient } = await import("./feishu-client.js");
    const { FeishuAdapter } = await import("./feishu-adapter.js");
    const { FeishuSender } = await import("./feishu-sender.js");
    // One client (one token cache) for answers and broadcasts; it never retries on its own.
    const client = createFeishuClient({ ...config, log: ctx.log, timeoutMs: ctx.timeoutMs });
    return {
      adapter: new FeishuAdapter({
        client,
        appId: config.appId,
        appSecret: config.appSecret,
        domain: config.domain,
        handle: ctx.handle,
        isCommand: ctx.isCommand,
        log: ctx.log,
        timeoutMs: ctx.timeoutMs,
      }),
      sender: new FeishuSender(client),
    };
  },
};

function readDomain(raw: string | undefined, problems: string[]): string {
  if (raw === undefined) return DOMAINS.feishu as string;
  const named = DOMAINS[raw.toLowerCase()];
  if (named) return named;
  if (isHttpUrl(raw)) return raw.replace(/\/+$/, "");
  problems.push(
    `FEISHU_DOMAIN="${raw}" must be feishu (open.feishu.cn), lark (open.larksuite.com) or the http(s) URL of a private deployment`,
  );
  return DOMAINS.feishu as string;
}
