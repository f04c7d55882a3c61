import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../../bot/app/config.js";
import { type Bot, createBot } from "../../../../bot/app/create-bot.js";
import { type App, openApp } from "../../../../bot/app/open-app.js";
import { PLATFORMS } from "../../../../bot/app/platforms.js";
import { type RunningServices, runServices } from "../../../../bot/app/run-services.js";
import { BROADCAST } from "../../../../bot/features/broadcast/ports.js";
import { CASES } from "../../../../bot/features/cases/ports.js";
import { parseRoster } from "../../../../bot/features/roster/parse-roster.js";
import { ROSTER } from "../../../../bot/features/roster/ports.js";
import { FakeClock } from "../../../helpers/fake-clock.js";
import { type FakeLoopbackApi, startFakeLoopbackApi } from "../../../helpers/fake-loopback-api.js";
import { loopbackPlatform } from "../../../helpers/loopback-platform/index.js";
import { WEBHOOK_PATH, type WireChat } from "../../../helpers/loopback-platform/wire.js";

const TOKEN = "loopback-token";
const SECRET = "loopback-webhook-secret-0123456789";
const ADMIN = { id: "admin-1", name: "王主任" };
const NURSE = { id: "u-2", name: "李护士" };
const ward: WireChat = { id: "g-ward", type: "group", title: "心内科病区群" };
const dm = (user: { id: string }): WireChat => ({ id: user.id, type: "dm" });

const NOTICE = `# 某医院医生收受回扣问题

## 基本案情
2022年至2023年，某医院心内科医生李某利用处方权，收受医药代表给予的药品回扣共计8万元。

## 处理结果
李某受到党内严重警告处分，违纪所得予以收缴。

## 案例剖析
广大医务人员要以案为鉴，坚守廉洁底线。`;

describe("a platform added as one folder plus one registration line (loopback, over real HTTP)", () => {
  let clock: FakeClock;
  let dir: string;
  let api: FakeLoopbackApi;
  let app: App;
  let bot: Bot;
  let services: RunningServices;
  let webhookUrl: string;

  beforeAll(async () => {
    clock = new FakeClock();
    dir = mkdtempSync(join(tmpdir(), "qingfeng-loopback-"));
    api = await startFakeLoopbackApi(TOKEN);
    const config = loadConfig({
      QINGFENG_DATA_DIR: join(dir, "data"),
      LOOPBACK_API_URL: api.apiUrl,
      LOOPBACK_TOKEN: TOKEN,
      LOOPBACK_WEBHOOK_SECRET: SECRET,
      LOOPBACK_ADMIN_IDS: ADMIN.id,
    });
    app = await openApp(config, { now: () => new Date(clock.now()) });
    // The registration: nothing else in bot/ names the new platform.
    bot = await createBot(app, {
      platforms: [...PLATFORMS, loopbackPlatform],
      log: () => {},
      now: clock.now,
    });
    services = await runServices({
      adapters: bot.adapters,
      port: 0,
      host: "127.0.0.1",
      log: () => {},
      clock,
    });
    const address = services.server?.address() as AddressInfo | undefined;
    webhookUrl = `http://127.0.0.1:${address?.port}${WEBHOOK_PATH}`;
    api.webhook = { url: webhookUrl, secret: SECRET };
  });

  afterAll(async () => {
    await services?.stop();
    await api?.close();
    app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const sentTo = (chat: WireChat) => api.sent.filter((m) => m.chat_id === chat.id);

  it("runs as the configured platform: its adapter connected, not the terminal chat", () => {
    expect(bot.adapters.map((a) => a.platform)).toEqual(["loopback"]);
    expect(bot.local).toBe(false);
    expect(bot.adapters[0]?.ready()).toBe(true);
  });

  it("answers a DM question about a forbidden conduct with a verdict and numbered citations of the shipped corpus", async () => {
    const status = await api.say(dm(NURSE), NURSE, "医药代表请我吃饭，还送购物卡，可以收吗？");
    expect(status).toBe(200);
    const replies = sentTo(dm(NURSE));
    expect(replies).toHaveLength(1);
    const text = replies[0]?.text ?? "";
    expect(text.split("\n")[0]).toBe("🚫 禁止");
    const cited = [...text.matchAll(/^\[(\d+)\] 《([^》]+)》/gm)];
    expect(cited.map((m) => Number(m[1]))).toEqual(cited.map((_, i) => i + 1));
    expect(cited.length).toBeGreaterThan(0);
    const shipped = new Set((await app.kb.store.listDocuments()).map((d) => d.title));
    for (const [, , title] of cited) expect(shipped).toContain(title);
    // 👍 / 👎 arrive as the platform's buttons, not as text.
    expect(replies[0]?.buttons?.flat().map((b) => b.label)).toEqual(
      expect.arrayContaining(["👍", "👎"]),
    );
  });

  it("checks the new platform's settings as strictly as the build's own: a coded error naming the key", async () => {
    const badly = loadConfig({
      QINGFENG_DATA_DIR: join(dir, "data"),
      LOOPBACK_API_URL: api.apiUrl,
      LOOPBACK_TOKEN: TOKEN,
      LOOPBACK_WEBHOOK_SECRET: "short",
    });
    await expect(
      createBot(
        { ...app, config: badly },
        { platforms: [...PLATFORMS, loopbackPlatform], log: () => {} },
      ),
    ).rejects.toMatchObject({
      code: "CONFIG_INVALID",
      message: expect.stringContaining("LOOPBACK_WEBHOOK_SECRET must be at least 16 characters"),
    });
  });

  it("refuses a webhook post without the shared secret, and handles nothing from it", async () => {
    const before = api.sent.length;
    const response = await fetch(webhookUrl, {
      method: "POST",
      headers: { "content-type": "application/json", "x-loopback-secret": "wrong" },
      body: JSON.stringify({
        update_id: 999,
        message: { message_id: "x", chat: dm(NURSE), from: NURSE, text: "你好" },
      }),
    });
    expect(response.status).toBe(403);
    expect(api.sent.length).toBe(before);
  });

  it("delivers an admin-published case notice to a subscribed loopback group and records the acknowledgement press against the roster", async () => {
    // The roster has a column for the new platform's user ids, as for the built-in ones.
    const staff = parseRoster(
      `姓名,科室,loopback_id\n李护士,心内科,${NURSE.id}\n张医生,心内科,u-3\n`,
    );
    await bot.services.get(ROSTER).replace(staff);
    expect(await api.say(ward, ADMIN, "/subscribe")).toBe(200);
    expect(sentTo(ward).at(-1)?.text).toBe("本群已订阅典型案例通报。");

    // The admin pastes the notice in a DM and publishes it with the review's button.
    await api.say(dm(ADMIN), ADMIN, `/case add ${NOTICE}`);
    const publish = sentTo(dm(ADMIN))
      .at(-1)
      ?.buttons?.flat()
      .find((b) => b.data.startsWith("case:pub:"));
    expect(publish).toBeDefined();
    const id = Number(publish?.data.split(":")[2]);
    const pressed = await api.press(dm(ADMIN), ADMIN, publish?.data ?? "");
    expect(api.answers.find((a) => a.action_id === pressed.actionId)?.text).toBe("已发布。");
    const isNotice = (m: { text: string }) => m.text.includes("某医院医生收受回扣问题");
    expect(sentTo(ward).some(isNotice)).toBe(false);

    // The bot's own dispatcher, with the platform's registered sender and limits, on the test clock.
    await bot.services.get(BROADCAST).dispatcher({ clock }).drain();
    const notice = sentTo(ward).find(isNotice);
    expect(notice?.text).toContain("典型案例通报：某医院医生收受回扣问题");
    const ack = notice?.buttons?.flat().find((b) => b.label === "已阅并知晓");
    expect(ack?.data).toBe(`case:ack:${id}`);

    const first = await api.press(ward, NURSE, ack?.data ?? "", notice?.message_id);
    const again = await api.press(ward, NURSE, ack?.data ?? "", notice?.message_id);
    expect(api.answers.find((a) => a.action_id === first.actionId)?.text).toBe(
      "已记录：您已阅读并知晓本通报。",
    );
    expect(api.answers.find((a) => a.action_id === again.actionId)?.text).toBe(
      "您已确认过，无需重复。",
    );
    const cases = bot.services.get(CASES).service;
    expect(await cases.status(id)).toMatchObject({ targets: 1, sent: 1, acknowledged: 1 });
    const report = await cases.report(id);
    expect(report.delivery).toMatchObject({ targets: 1, reached: 1 });
    expect(report.byDepartment).toEqual([
      { department: "心内科", expected: 2, acknowledged: 1, rate: 0.5 },
    ]);
    expect(report.outstanding.map((m) => m.name)).toEqual(["张医生"]);
    expect(report.outsideRoster).toEqual([]);
    expect(report.people).toContainEqual(
      expect.objectContaining({ name: "李护士", platform: "loopback", userId: NURSE.id }),
    );
  });
});
