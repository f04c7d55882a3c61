import type { PlatformDescriptor } from "../../kernel/platform.js";
import { type DingTalkConfig, readDingTalkConfig } from "./dingtalk-config.js";

export type { DingTalkConfig } from "./dingtalk-config.js";

/**
 * DingTalk (钉钉) over Stream mode: an outbound WebSocket (dingtalk-stream)
 * for robot messages and card button presses, so no public URL is needed;
 * sending through the server API with the app's access token.
 *
 * Limits: DingTalk allows each app 20 calls a second to each server API
 * (Forbidden.AccessDenied.QpsLimitForAppkeyAndApi past it); broadcasts take
 * 16 of them (60 ms apart) and leave the rest to interactive answers, which
 * share the app's quota. A robot may post 20 messages a minute to one group;
 * one outbox row is up to three messages (a long notice: two markdown
 * messages and its card), so six rows a minute per group stay within it.
 */
export const dingtalkPlatform: PlatformDescriptor<DingTalkConfig> = {
  id: "dingtalk",
  label: "DingTalk",
  limits: { minIntervalMs: 60, perChat: { count: 6, windowMs: 60_000 } },
  readConfig: readDingTalkConfig,
  admins: (config) => config.admins,
  async create(config, ctx) {
    // Loaded here, not at the top: `qingfeng ask` never pays for the Stream SDK.
    const { OpenApi } = await import("./open-api.js");
    const { Messenger } = await import("./messenger.js");
    const { DingTalkAdapter } = await import("./dingtalk-adapter.js");
    const { DingTalkSender } = await import("./dingtalk-sender.js");
    // One token cache for both directions: DingTalk hands out one token per app.
    const api = new OpenApi({
      apiRoot: config.apiRoot,
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      timeoutMs: ctx.timeoutMs,
    });
    const messenger = new Messenger({
      api,
      robotCode: config.robotCode,
      cardTemplateId: config.cardTemplateId,
      log: ctx.log,
    });
    return {
      adapter: new DingTalkAdapter({
        clientId: config.clientId,
        clientSecret: config.clientSecret,
        robotCode: config.robotCode,
        apiRoot: config.apiRoot,
        api,
        messenger,
        handle: ctx.handle,
        isCommand: ctx.isCommand,
        log: ctx.log,
        timeoutMs: ctx.timeoutMs,
      }),
      sender: new DingTalkSender(messenger),
    };
  },
};
