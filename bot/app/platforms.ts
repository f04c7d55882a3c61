import type { AnyPlatform } from "../kernel/platform.js";
import { consolePlatform } from "../platforms/console/index.js";
import { dingtalkPlatform } from "../platforms/dingtalk/index.js";
import { feishuPlatform } from "../platforms/feishu/index.js";
import { slackPlatform } from "../platforms/slack/index.js";
import { telegramPlatform } from "../platforms/telegram/index.js";
import { wecomPlatform } from "../platforms/wecom/index.js";

/** The chat platforms this build knows, one line each (a new platform: a folder and a line). */
export const PLATFORMS: readonly AnyPlatform[] = [
  telegramPlatform,
  slackPlatform,
  wecomPlatform,
  dingtalkPlatform,
  feishuPlatform,
  consolePlatform,
];
