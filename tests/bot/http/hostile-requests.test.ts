import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHttpServer } from "../../../bot/app/http-server.js";
import type { CoreEvent } from "../../../bot/kernel/events.js";
import type { Handle } from "../../../bot/kernel/handle.js";
import type { Log } from "../../../bot/kernel/log.js";
import { SLACK_EVENTS_PATH, SlackAdapter } from "../../../bot/platforms/slack/slack-adapter.js";
import { TelegramAdapter } from "../../../bot/platforms/telegram/telegram-adapter.js";
import { type FakeSlackApi, startFakeSlackApi } from "../../helpers/fake-slack-api.js";
import { type FakeTelegramApi, startFakeTelegramApi } from "../../helpers/fake-telegram-api.js";
import { postToSlackEndpoint, slackSignature } from "../../helpers/slack-signing.js";
import { streamPost } from "../../helpers/stream-post.js";

const TG_SECRET = "hostile-test-secret-0123456789";
const SLACK_SECRET = "hostile-test-signing-secret";
const MB = 1024 * 1024;

/**
 * Both webhook transports on the real server, attacked over real HTTP:
 * malformed bodies that crashed the process inside telegraf and bolt, and
 * bodies far over the limit, chunked so no Content-Length gives them away.
 */
describe("hostile requests against the webhook routes", () => {
  let tg: FakeTelegramApi;
  let slack: FakeSlackApi;
  let server: Server;
  let base: string;
  const core: CoreEvent[] = [];
  const logs: { level: string; msg: string; fields?: Record<string, unknown> | undefined }[] = [];
  const adapters: { stop(): Promise<void> }[] = [];

  beforeAll(async () => {
    tg = await startFakeTelegramApi();
    slack = await startFakeSlackApi();
    const log: Log = (level, msg, fields) => logs.push({ level, msg, fields });
    const handle: Handle = async (event) => {
      core.push(event);
    };
    const telegram = new TelegramAdapter({
      token: "123456:TEST-TOKEN-abcdefghijklmnop",
      apiRoot: tg.apiRoot,
      handle,
      log,
      webhook: { url: "https://bot.example.org/telegram/webhook", secret: TG_SECRET },
    });
    const slackAdapter = new SlackAdapter({
      botToken: "xoxb-test",
      signingSecret: SLACK_SECRET,
      apiUrl: slack.apiUrl,
      handle,
      isCommand: () => false,
      log,
      clientOptions: { retryConfig: { retries: 0 } },
    });
    await telegram.start();
    await slackAdapter.start();
    adapters.push(telegram, slackAdapter);
    server = await startHttpServer({
      port: 0,
      host: "127.0.0.1",
      routes: [...telegram.routes(), ...slackAdapter.routes()],
      ready: () => true,
      log,
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const a of adapters) await a.stop();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await tg.close();
    await slack.close();
  });

  const postTelegram = (body: string) =>
    fetch(`${base}/telegram/webhook`, {
      method: "POST",
      body,
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": TG_SECRET },
    });
  const postSlack = (
    body: string,
    type: "application/json" | "application/x-www-form-urlencoded",
  ) => postToSlackEndpoint(`${base}${SLACK_EVENTS_PATH}`, body, type, { secret: SLACK_SECRET });
  const rejections = () => logs.filter((l) => l.msg === "request rejected");

  it("answers a signed Telegram update of null, a list, a string or without update_id with 400, once logged, core untouched", async () => {
    const bodies = [
      "null",
      "[]",
      '"update"',
      "{}",
      '{"update_id":"7","message":{}}',
      '{"message":{"text":"hi"}}',
      "{not json",
    ];
    for (const body of bodies) {
      const before = rejections().length;
      const res = await postTelegram(body);
      expect(res.status, body).toBe(400);
      const logged = rejections().slice(before);
      expect(logged, body).toHaveLength(1);
      expect(logged[0]?.fields).toMatchObject({ path: "/telegram/webhook", status: 400 });
    }
    expect(core).toEqual([]);
    // Still serving: a well-formed update goes through.
    expect((await postTelegram('{"update_id":41,"poll":{"id":"1"}}')).status).toBe(200);
  });

  it("answers a signed Slack body of null, payload=null or a null event with 400, once logged, core untouched", async () => {
    const cases: [string, "application/json" | "application/x-www-form-urlencoded"][] = [
      ["null", "application/json"],
      ["[]", "application/json"],
      ['"event"', "application/json"],
      ['{"type":"event_callback","event":null,"event_id":"Ev1"}', "application/json"],
      [
        '{"type":"event_callback","event":{"type":"message","channel":null},"event_id":"Ev2"}',
        "application/json",
      ],
      ["payload=null", "application/x-www-form-urlencoded"],
      ["payload=%22x%22", "application/x-www-form-urlencoded"],
      ["payload=%7Bbroken", "application/x-www-form-urlencoded"],
    ];
    for (const [body, type] of cases) {
      const before = rejections().length;
      const res = await postSlack(body, type);
      expect(res.status, body).toBe(400);
      const logged = rejections().slice(before);
      expect(logged, body).toHaveLength(1);
      expect(logged[0]?.fields).toMatchObject({ path: SLACK_EVENTS_PATH, status: 400 });
    }
    expect(core).toEqual([]);
    expect(logs.filter((l) => l.level === "error")).toEqual([]);
  });

  it("stops reading a 30 MB chunked body with the right Telegram secret at the limit: 413", async () => {
    const result = await streamPost(
      `${base}/telegram/webhook`,
      { "content-type": "application/json", "x-telegram-bot-api-secret-token": TG_SECRET },
      30 * MB,
    );
    expect(result.status).toBe(413);
    // The limit is 1 MB; what else got out of the client sat in socket buffers, unread.
    expect(result.written).toBeLessThan(12 * MB);
    // A wrong secret is refused on the headers, before any of the body is read.
    const forged = await streamPost(
      `${base}/telegram/webhook`,
      { "content-type": "application/json", "x-telegram-bot-api-secret-token": "wrong" },
      30 * MB,
    );
    expect(forged.status).toBe(403);
    expect(forged.written).toBeLessThan(12 * MB);
    expect(core).toEqual([]);
  });

  it("reads at most a few kilobytes of an unsigned 100 MB chunked Slack body", async () => {
    const result = await streamPost(
      `${base}${SLACK_EVENTS_PATH}`,
      { "content-type": "application/json" },
      100 * MB,
    );
    expect(result.status).toBe(413);
    expect(result.written).toBeLessThan(12 * MB);
  });

  it("refuses a correctly signed Slack body over the limit, declared or streamed, before verifying it", async () => {
    const big = `{"type":"event_callback","pad":"${"x".repeat(2 * MB)}"}`;
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = {
      "content-type": "application/json",
      "x-slack-request-timestamp": String(timestamp),
      "x-slack-signature": slackSignature(SLACK_SECRET, timestamp, big),
    };
    const declared = await fetch(`${base}${SLACK_EVENTS_PATH}`, {
      method: "POST",
      body: big,
      headers,
    });
    expect(declared.status).toBe(413);
    const streamed = await streamPost(`${base}${SLACK_EVENTS_PATH}`, headers, 3 * MB);
    expect(streamed.status).toBe(413);
    expect(core).toEqual([]);
  });
});
