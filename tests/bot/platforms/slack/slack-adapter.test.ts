import { EventEmitter } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../../bot/app/config.js";
import { createBot } from "../../../../bot/app/create-bot.js";
import { startHttpServer } from "../../../../bot/app/http-server.js";
import { type App, openApp } from "../../../../bot/app/open-app.js";
import type { CoreEvent } from "../../../../bot/kernel/events.js";
import type { Handle } from "../../../../bot/kernel/handle.js";
import type { Log } from "../../../../bot/kernel/log.js";
import type { OutMessage } from "../../../../bot/kernel/out-message.js";
import {
  SLACK_EVENTS_PATH,
  SlackAdapter,
  type SlackAdapterOptions,
} from "../../../../bot/platforms/slack/slack-adapter.js";
import {
  FAKE_BOT,
  type FakeSlackApi,
  type SlackApiCall,
  startFakeSlackApi,
} from "../../../helpers/fake-slack-api.js";
import {
  eventEnvelope,
  interactionBody,
  postToSlackEndpoint,
  type SlackPostOptions,
  slashCommandBody,
} from "../../../helpers/slack-signing.js";

const SECRET = "test-signing-secret";

interface Block {
  type: string;
  text?: { type: string; text: string };
  elements?: { type: string; text?: unknown; value?: string; action_id?: string }[];
}

/** Wraps a Handle: records every event, can hold the core back, and knows when all work settled. */
class CoreSpy {
  readonly events: CoreEvent[] = [];
  private readonly running: Promise<void>[] = [];
  private readonly emitter = new EventEmitter();
  private gate: Promise<void> = Promise.resolve();
  private release: () => void = () => {};

  constructor(private readonly inner: Handle) {}

  readonly handle: Handle = (event, reply) => {
    this.events.push(event);
    this.emitter.emit("event");
    const run = this.gate.then(() => this.inner(event, reply));
    this.running.push(run);
    return run;
  };

  /** Holds every later core call until the returned function is called. */
  hold(): () => void {
    this.gate = new Promise((resolve) => {
      this.release = resolve;
    });
    return () => {
      this.gate = Promise.resolve();
      this.release();
    };
  }

  /** Resolves once `count` events match; rejects after a bounded wait. */
  waitForEvents(match: (e: CoreEvent) => boolean, count = 1, timeoutMs = 5_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.events.filter(match).length < count) return false;
        clearTimeout(timer);
        this.emitter.off("event", check);
        resolve();
        return true;
      };
      const timer = setTimeout(() => {
        this.emitter.off("event", check);
        reject(new Error(`core saw fewer than ${count} matching events within ${timeoutMs} ms`));
      }, timeoutMs);
      if (!check()) this.emitter.on("event", check);
    });
  }

  /** Every core call so far has finished (its posts included). */
  async settled(): Promise<void> {
    await Promise.allSettled(this.running);
  }
}

interface Harness {
  url: string;
  spy: CoreSpy;
  adapter: SlackAdapter;
  logs: { level: string; msg: string; fields?: Record<string, unknown> | undefined }[];
  close(): Promise<void>;
}

/** A started adapter whose routes are mounted on the app's own HTTP server (port 0), as in production. */
async function startHarness(
  api: FakeSlackApi,
  handle: Handle,
  extra: Partial<SlackAdapterOptions> = {},
): Promise<Harness> {
  const logs: Harness["logs"] = [];
  const log: Log = (level, msg, fields) => logs.push({ level, msg, fields });
  const spy = new CoreSpy(handle);
  const adapter = new SlackAdapter({
    botToken: "xoxb-test",
    signingSecret: SECRET,
    apiUrl: api.apiUrl,
    handle: spy.handle,
    isCommand: () => false,
    log,
    clientOptions: { retryConfig: { retries: 0 } },
    ...extra,
  });
  await adapter.start();
  const server: Server = await startHttpServer({
    port: 0,
    host: "127.0.0.1",
    routes: adapter.routes(),
    ready: () => adapter.ready(),
    log,
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${SLACK_EVENTS_PATH}`,
    spy,
    adapter,
    logs,
    close: async () => {
      await adapter.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function postEvent(
  h: Harness,
  event: Record<string, unknown>,
  eventId: string,
  options: SlackPostOptions = { secret: SECRET },
) {
  return postToSlackEndpoint(h.url, eventEnvelope(event, { eventId }), "application/json", options);
}

function dm(user: string, text: string, extra: Record<string, unknown> = {}) {
  return {
    type: "message",
    channel: `D${user}`,
    channel_type: "im",
    user,
    text,
    ts: "1700000001.000100",
    event_ts: "1700000001.000100",
    ...extra,
  };
}

function mention(
  channel: string,
  user: string,
  text: string,
  ts: string,
  extra: Record<string, unknown> = {},
) {
  return { type: "app_mention", channel, user, text, ts, event_ts: ts, ...extra };
}

function slash(
  api: FakeSlackApi,
  h: Harness,
  fields: { user: string; channel: string; text: string; id: string },
) {
  return postToSlackEndpoint(
    h.url,
    slashCommandBody({
      token: "legacy",
      team_id: "T1",
      team_domain: "hospital",
      channel_id: fields.channel,
      channel_name: "ward",
      user_id: fields.user,
      user_name: fields.user.toLowerCase(),
      command: "/qingfeng",
      text: fields.text,
      api_app_id: "A1",
      response_url: api.responseUrl(fields.id),
      trigger_id: `trigger-${fields.id}`,
    }),
    "application/x-www-form-urlencoded",
    { secret: SECRET },
  );
}

const blocksOf = (call: SlackApiCall): Block[] => (call.args.blocks ?? []) as Block[];
const textsOf = (call: SlackApiCall): string[] =>
  blocksOf(call).flatMap((b) => [
    ...(b.text ? [b.text.text] : []),
    ...(b.elements ?? []).flatMap((e) => (typeof e.text === "string" ? [e.text] : [])),
  ]);
const postsTo = (api: FakeSlackApi, channel: string) =>
  api.calls.filter((c) => c.method === "chat.postMessage" && c.args.channel === channel);

describe("Slack adapter over real bolt and HTTP", () => {
  let dir: string;
  let app: App;
  let api: FakeSlackApi;
  let h: Harness;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "qingfeng-slack-"));
    app = await openApp(loadConfig({ QINGFENG_DATA_DIR: dir }));
    api = await startFakeSlackApi();
    const bot = await createBot(app, { admins: { slack: ["U_ADMIN"] }, log: () => {} });
    h = await startHarness(api, bot.handle, { isCommand: bot.isCommand });
  });
  afterAll(async () => {
    await h?.close();
    await api?.close();
    app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("learns its bot user id with auth.test and is ready after start", () => {
    expect(h.adapter.ready()).toBe(true);
    expect(api.calls.filter((c) => c.method === "auth.test")).toHaveLength(1);
    expect(api.calls[0]?.token).toBe("xoxb-test");
  });

  it("answers a signed DM in the DM with the verdict and the cited clause", async () => {
    const res = await postEvent(h, dm("U_ALICE", "药代请我吃饭可以吗？"), "Ev_DM_1");
    expect(res.status).toBe(200);
    const post = await api.waitFor(
      (c) => c.method === "chat.postMessage" && c.args.channel === "DU_ALICE",
    );
    expect(post.args.thread_ts).toBeUndefined();
    expect(blocksOf(post)[0]).toMatchObject({ type: "header", text: { text: "🚫 禁止" } });
    const texts = textsOf(post);
    expect(texts.some((t) => t.startsWith("> ") && /宴请|招待/.test(t))).toBe(true);
    expect(texts.some((t) => t.includes("《"))).toBe(true);
    expect(String(post.args.text)).toContain("🚫 禁止");
    const buttons = blocksOf(post).flatMap((b) => (b.type === "actions" ? (b.elements ?? []) : []));
    expect(buttons.map((b) => b.value)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^fb:u:\d+$/)]),
    );
    expect(new Set(buttons.map((b) => b.action_id)).size).toBe(buttons.length);
    expect(h.spy.events.find((e) => e.deliveryId === "Ev_DM_1")).toMatchObject({
      platform: "slack",
      chat: { id: "DU_ALICE", type: "dm" },
      user: { id: "U_ALICE" },
      text: "药代请我吃饭可以吗？",
      addressed: true,
    });
  });

  it("answers an @mention in the thread of the question, with the mention stripped", async () => {
    const res = await postEvent(
      h,
      mention(
        "C_WARD",
        "U_CAROL",
        `<@${FAKE_BOT.userId}> 医疗机构能给科室下达创收指标吗？`,
        "1700000100.000200",
      ),
      "Ev_MENTION_1",
    );
    expect(res.status).toBe(200);
    const post = await api.waitFor(
      (c) => c.method === "chat.postMessage" && c.args.channel === "C_WARD",
    );
    expect(post.args.thread_ts).toBe("1700000100.000200");
    expect(blocksOf(post)[0]).toMatchObject({ type: "header", text: { text: "🚫 禁止" } });
    expect(h.spy.events.find((e) => e.deliveryId === "Ev_MENTION_1")).toMatchObject({
      chat: { id: "C_WARD", type: "group" },
      text: "医疗机构能给科室下达创收指标吗？",
      addressed: true,
    });

    // A mention inside an existing thread is answered in that thread, not in a new one.
    await postEvent(
      h,
      mention(
        "C_WARD2",
        "U_CAROL",
        `<@${FAKE_BOT.userId}> 医保卡可以违规兑付现金吗？`,
        "1700000200.000300",
        {
          thread_ts: "1700000150.000100",
        },
      ),
      "Ev_MENTION_2",
    );
    const inThread = await api.waitFor(
      (c) => c.method === "chat.postMessage" && c.args.channel === "C_WARD2",
    );
    expect(inThread.args.thread_ts).toBe("1700000150.000100");
  });

  it("acks a slash command before the core answers, then answers through its response_url", async () => {
    const release = h.spy.hold();
    try {
      // Were the core awaited before ack(), this response would not come (bolt answers 404 after 3 s).
      const res = await slash(api, h, {
        user: "U_DAVE",
        channel: "C_SLASH",
        text: "医保卡可以违规兑付现金吗？",
        id: "cmd-1",
      });
      expect(res.status).toBe(200);
      await h.spy.waitForEvents((e) => e.deliveryId === "command:trigger-cmd-1");
      expect(api.calls.filter((c) => c.method === "respond")).toHaveLength(0);
    } finally {
      release();
    }
    const answer = await api.waitFor(
      (c) => c.method === "respond" && c.args.responseId === "cmd-1",
    );
    expect(answer.args).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(blocksOf(answer)[0]).toMatchObject({ type: "header", text: { text: "🚫 禁止" } });
    const event = h.spy.events.find((e) => e.deliveryId === "command:trigger-cmd-1");
    expect(event).toMatchObject({
      chat: { id: "C_SLASH", type: "group" },
      text: "医保卡可以违规兑付现金吗？",
    });
    expect(event?.type === "message" && event.command).toBeUndefined();
  });

  it("rejects forged, unsigned, stale and future-dated requests with 401 before the core", async () => {
    const before = h.spy.events.length;
    const now = Math.floor(Date.now() / 1000);
    const body = eventEnvelope(dm("U_MALLORY", "药代请我吃饭可以吗？"), { eventId: "Ev_FORGED" });
    const attempts: SlackPostOptions[] = [
      { secret: "not-the-secret" },
      {},
      { secret: SECRET, timestamp: now - 6 * 60 },
      { secret: SECRET, timestamp: now + 6 * 60 },
    ];
    for (const options of attempts) {
      const res = await postToSlackEndpoint(h.url, body, "application/json", options);
      expect(res.status).toBe(401);
    }
    expect(h.spy.events.length).toBe(before);
    expect(api.calls.some((c) => c.args.channel === "DU_MALLORY")).toBe(false);
  });

  it("answers Slack's signed url_verification challenge without involving the core", async () => {
    const before = h.spy.events.length;
    const res = await postToSlackEndpoint(
      h.url,
      JSON.stringify({ token: "legacy", challenge: "c-123", type: "url_verification" }),
      "application/json",
      { secret: SECRET },
    );
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ challenge: "c-123" });
    expect(h.spy.events.length).toBe(before);
  });

  it("handles a retried event (X-Slack-Retry-Num, same event_id) once", async () => {
    const event = dm("U_ERIN", "医务人员可以收受医药企业给的回扣吗？");
    expect((await postEvent(h, event, "Ev_RETRY")).status).toBe(200);
    const retry = await postEvent(h, event, "Ev_RETRY", {
      secret: SECRET,
      headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" },
    });
    expect(retry.status).toBe(200);
    // Matched by user, not delivery id, so a lost delivery id shows up as a second answer.
    await h.spy.waitForEvents((e) => e.user.id === "U_ERIN", 2);
    await h.spy.settled();
    expect(postsTo(api, "DU_ERIN")).toHaveLength(1);
  });

  it("ignores bot messages, edits, other subtypes and its own messages in DMs", async () => {
    const before = h.spy.events.length;
    await postEvent(h, dm("U_FRANK", "自动消息", { bot_id: "B_OTHER" }), "Ev_IGN_1");
    // An edit carries the new text nested, and no top-level user.
    await postEvent(
      h,
      {
        ...dm("U_FRANK", ""),
        subtype: "message_changed",
        user: undefined,
        message: { type: "message", user: "U_FRANK", text: "改过的问题", ts: "1700000001.000100" },
      },
      "Ev_IGN_2",
    );
    // Any other subtype (here a /me message) is not a question either, even with a user.
    await postEvent(h, { ...dm("U_FRANK", "挥手"), subtype: "me_message" }, "Ev_IGN_5");
    // The channel copy of a mention: app_mention answers it, so this must not answer twice.
    await postEvent(
      h,
      { ...dm("U_FRANK", `<@${FAKE_BOT.userId}> 问`), channel: "C_X", channel_type: "channel" },
      "Ev_IGN_6",
    );
    await postEvent(h, dm(FAKE_BOT.userId, "🚫 禁止", { channel: "DU_FRANK" }), "Ev_IGN_3");
    await postEvent(
      h,
      { ...dm("U_FRANK", "hi"), subtype: "bot_message", bot_id: FAKE_BOT.botId },
      "Ev_IGN_4",
    );
    // A listener runs to completion without I/O after bolt's ack, so once this sentinel
    // reaches the core the ignored deliveries above have been fully processed.
    await postEvent(h, dm("U_FRANK", "你好"), "Ev_IGN_SENTINEL");
    await h.spy.waitForEvents((e) => e.deliveryId === "Ev_IGN_SENTINEL");
    expect(h.spy.events.slice(before).map((e) => e.deliveryId)).toEqual(["Ev_IGN_SENTINEL"]);
  });

  it("refuses /qingfeng stats to a non-admin and answers a configured admin", async () => {
    await slash(api, h, { user: "U_BOB", channel: "C_ADMIN", text: "stats", id: "stats-bob" });
    const refused = await api.waitFor(
      (c) => c.method === "respond" && c.args.responseId === "stats-bob",
    );
    expect(textsOf(refused).join("\n")).toContain("仅限管理员");
    expect(h.spy.events.find((e) => e.deliveryId === "command:trigger-stats-bob")).toMatchObject({
      command: { name: "stats", args: "" },
    });

    await slash(api, h, { user: "U_ADMIN", channel: "C_ADMIN", text: "统计", id: "stats-admin" });
    const stats = await api.waitFor(
      (c) => c.method === "respond" && c.args.responseId === "stats-admin",
    );
    expect(textsOf(stats).join("\n")).toMatch(/近 7 天：共 \d+ 个问题/);
  });

  it("answers in one message that fits a phone, each full clause behind its 全文 button", async () => {
    const question = "医药代表请我吃饭，还要送我购物卡，我能接受吗？";
    await postEvent(h, dm("U_HANK", question), "Ev_PHONE_Q");
    const answer = await api.waitFor(
      (c) => c.method === "chat.postMessage" && c.args.channel === "DU_HANK",
    );
    await h.spy.settled();
    // One message, accepted by the Web API (the fake refuses what Slack refuses).
    expect(postsTo(api, "DU_HANK")).toHaveLength(1);
    expect(api.posted.filter((m) => m.channel === "DU_HANK")).toHaveLength(1);
    const blocks = blocksOf(answer);
    // Verdict, plain sentences, the decisive phrase quoted, then its clause in a context line.
    expect(blocks.slice(0, 4).map((b) => b.type)).toEqual([
      "header",
      "section",
      "section",
      "context",
    ]);
    const texts = textsOf(answer);
    expect(texts[1]).toMatch(/^不可以。/);
    expect(texts[2]).toMatch(/^> /);
    expect(texts[3]).toMatch(/^\[1\] 《[^》]+》 · \d{4} · \S/);
    // No section long enough for Slack to fold it behind "See more".
    for (const text of texts) expect(Array.from(text).length).toBeLessThanOrEqual(700);
    const full = blocks
      .flatMap((b) => (b.type === "actions" ? (b.elements ?? []) : []))
      .filter((e) => e.value?.startsWith("full:"));
    expect(full.length).toBeGreaterThan(0);
    const first = full[0];
    expect(first?.value).toMatch(/^full:\d+:1$/);
    // The clause text itself is not in the message: it is one tap away.
    const phrase = (texts[2] ?? "").replace(/^> /, "").replace(/^…|…$/g, "").split("…")[0] ?? "";
    expect(phrase.length).toBeGreaterThan(4);

    const res = await postToSlackEndpoint(
      h.url,
      interactionBody({
        type: "block_actions",
        user: { id: "U_HANK", username: "hank", team_id: "T1" },
        api_app_id: "A1",
        token: "legacy",
        container: {
          type: "message",
          message_ts: "1700000400.000100",
          channel_id: "DU_HANK",
          is_ephemeral: false,
        },
        trigger_id: "trigger-full-1",
        team: { id: "T1", domain: "hospital" },
        channel: { id: "DU_HANK", name: "directmessage" },
        message: {
          type: "message",
          ts: "1700000400.000100",
          user: FAKE_BOT.userId,
          text: "🚫 禁止",
        },
        response_url: api.responseUrl("full-1"),
        actions: [
          {
            type: "button",
            action_id: first?.action_id,
            block_id: "b1",
            value: first?.value,
            text: { type: "plain_text", text: "全文 [1]" },
            action_ts: "1700000401.000200",
          },
        ],
      }),
      "application/x-www-form-urlencoded",
      { secret: SECRET },
    );
    expect(res.status).toBe(200);
    await h.spy.waitForEvents((e) => e.deliveryId === "action:trigger-full-1");
    await h.spy.settled();
    const posts = postsTo(api, "DU_HANK");
    expect(posts).toHaveLength(2);
    const clause = textsOf(posts[1] as SlackApiCall).join("\n");
    // The whole clause the phrase was cut from, quoted, under the document it comes from.
    expect(clause).toContain(phrase);
    expect(clause).toMatch(/《[^》]+》/);
    expect(clause.replace(/^> /gm, "").length).toBeGreaterThan(phrase.length);
  });

  it("acks a 👍 button click and records the rating", async () => {
    await postEvent(h, dm("U_GRACE", "药代请我吃饭可以吗？"), "Ev_BTN_Q");
    const answer = await api.waitFor(
      (c) => c.method === "chat.postMessage" && c.args.channel === "DU_GRACE",
    );
    const up = blocksOf(answer)
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.value?.startsWith("fb:u:"));
    expect(up?.action_id).toBeDefined();
    const thumbsUpBefore = (await app.records.stats(new Date(0).toISOString())).thumbsUp;

    const res = await postToSlackEndpoint(
      h.url,
      interactionBody({
        type: "block_actions",
        user: { id: "U_GRACE", username: "grace", team_id: "T1" },
        api_app_id: "A1",
        token: "legacy",
        container: {
          type: "message",
          message_ts: "1700000300.000100",
          channel_id: "DU_GRACE",
          is_ephemeral: false,
        },
        trigger_id: "trigger-btn-1",
        team: { id: "T1", domain: "hospital" },
        channel: { id: "DU_GRACE", name: "directmessage" },
        message: {
          type: "message",
          ts: "1700000300.000100",
          user: FAKE_BOT.userId,
          text: "🚫 禁止",
        },
        response_url: api.responseUrl("btn-1"),
        actions: [
          {
            type: "button",
            action_id: up?.action_id,
            block_id: "b1",
            value: up?.value,
            text: { type: "plain_text", text: "👍" },
            action_ts: "1700000301.000200",
          },
        ],
      }),
      "application/x-www-form-urlencoded",
      { secret: SECRET },
    );
    expect(res.status).toBe(200);
    const notice = await api.waitFor(
      (c) => c.method === "chat.postEphemeral" && c.args.user === "U_GRACE",
    );
    expect(notice.args).toMatchObject({ channel: "DU_GRACE", text: "谢谢反馈！" });
    expect(h.spy.events.find((e) => e.deliveryId === "action:trigger-btn-1")).toMatchObject({
      type: "action",
      data: up?.value,
      chat: { id: "DU_GRACE", type: "dm" },
    });
    expect((await app.records.stats(new Date(0).toISOString())).thumbsUp).toBe(thumbsUpBefore + 1);
  });
});

describe("Slack adapter rendering and resilience (stub core)", () => {
  let api: FakeSlackApi;
  beforeAll(async () => {
    api = await startFakeSlackApi();
  });
  afterAll(async () => {
    await api?.close();
  });

  it("keeps every message within 50 blocks and 3,000 characters, buttons on the last", async () => {
    const big: OutMessage = {
      sections: [
        { kind: "title", text: "🚫 禁止" },
        ...Array.from({ length: 78 }, (_, i) => ({
          kind: "text" as const,
          text: `第 ${i + 1} 段。`,
        })),
        { kind: "quote", text: "医药代表不得宴请医务人员。\n".repeat(400) },
      ],
      buttons: [
        [
          { label: "👍", data: "fb:u:1" },
          { label: "👎", data: "fb:d:1" },
        ],
      ],
    };
    expect(big.sections).toHaveLength(80);
    expect(big.sections[79]?.text.length).toBeGreaterThan(5000);
    const h = await startHarness(api, async (_event, reply) => reply.send(big));
    try {
      await postEvent(h, dm("U_BIG", "长回答"), "Ev_BIG");
      await h.spy.waitForEvents((e) => e.deliveryId === "Ev_BIG");
      await h.spy.settled();
      const posts = postsTo(api, "DU_BIG");
      expect(posts.length).toBeGreaterThanOrEqual(2);
      for (const post of posts) {
        expect(blocksOf(post).length).toBeLessThanOrEqual(50);
        for (const text of textsOf(post)) expect(text.length).toBeLessThanOrEqual(3000);
      }
      const withButtons = posts.map((p) => blocksOf(p).some((b) => b.type === "actions"));
      expect(withButtons).toEqual([...posts.slice(1).map(() => false), true]);
      // Nothing lost: every paragraph and every line of the quote arrived, in order.
      const all = posts.flatMap(textsOf).join("\n");
      expect(all).toContain("第 78 段。");
      expect(all.indexOf("第 1 段。")).toBeLessThan(all.indexOf("第 78 段。"));
      expect(all.match(/医药代表不得宴请医务人员。/g)).toHaveLength(400);
    } finally {
      await h.close();
    }
  });

  it("unescapes what users type and escapes <, > and & in everything it posts", async () => {
    const h = await startHarness(api, async (event, reply) => {
      if (event.type !== "message") return;
      await reply.send({
        sections: [
          { kind: "text", text: `你问：${event.text}` },
          { kind: "quote", text: "第二条 <b>禁止</b> 收受回扣 & 红包" },
          { kind: "note", text: "[1] 《<规定>》 & 附则" },
        ],
      });
    });
    try {
      await postEvent(h, dm("U_HTML", "&lt;b&gt;能收&lt;/b&gt; 红包 &amp; 礼品吗？"), "Ev_HTML");
      const post = await api.waitFor(
        (c) => c.method === "chat.postMessage" && c.args.channel === "DU_HTML",
      );
      expect(h.spy.events.at(-1)).toMatchObject({ text: "<b>能收</b> 红包 & 礼品吗？" });
      const texts = textsOf(post);
      expect(texts).toEqual([
        "你问：&lt;b&gt;能收&lt;/b&gt; 红包 &amp; 礼品吗？",
        "> 第二条 &lt;b&gt;禁止&lt;/b&gt; 收受回扣 &amp; 红包",
        "[1] 《&lt;规定&gt;》 &amp; 附则",
      ]);
      const fallback = String(post.args.text);
      expect(fallback).toContain("&lt;b&gt;能收&lt;/b&gt; 红包 &amp; 礼品吗");
      // Apart from the quote marker itself, no raw <, > or & survives.
      for (const text of [...texts, fallback]) {
        expect(text.replace(/^> /gm, "").replace(/&(amp|lt|gt);/g, "")).not.toMatch(/[<>&]/);
      }
    } finally {
      await h.close();
    }
  });

  it("logs a failing event and keeps handling the next ones", async () => {
    let calls = 0;
    const h = await startHarness(api, async (_event, reply) => {
      calls++;
      if (calls === 1) throw new Error("core exploded");
      await reply.send({ sections: [{ kind: "text", text: "好的" }] });
    });
    try {
      await postEvent(h, dm("U_OOPS", "第一问"), "Ev_OOPS_1");
      await h.spy.waitForEvents((e) => e.deliveryId === "Ev_OOPS_1");
      await h.spy.settled();
      expect(h.logs).toContainEqual(
        expect.objectContaining({
          level: "error",
          msg: "slack event failed",
          fields: expect.objectContaining({ error: "core exploded" }),
        }),
      );
      await postEvent(h, dm("U_OOPS", "第二问"), "Ev_OOPS_2");
      const post = await api.waitFor(
        (c) => c.method === "chat.postMessage" && c.args.channel === "DU_OOPS",
      );
      expect(textsOf(post)).toEqual(["好的"]);
    } finally {
      await h.close();
    }
  });

  it("waits out a 429 Retry-After through the WebClient's own retry", async () => {
    let limited = 0;
    api.override = (call) => {
      if (call.method !== "chat.postMessage" || call.args.channel !== "DU_RATE" || limited > 0)
        return undefined;
      limited++;
      return {
        status: 429,
        headers: { "retry-after": "0" },
        body: { ok: false, error: "ratelimited" },
      };
    };
    const h = await startHarness(
      api,
      async (_event, reply) => reply.send({ sections: [{ kind: "text", text: "稍后送达" }] }),
      {
        clientOptions: { retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 0 } },
      },
    );
    try {
      await postEvent(h, dm("U_RATE", "问"), "Ev_RATE");
      await h.spy.waitForEvents((e) => e.deliveryId === "Ev_RATE");
      await h.spy.settled();
      expect(postsTo(api, "DU_RATE")).toHaveLength(2);
      expect(limited).toBe(1);
      expect(h.logs.some((l) => l.msg === "slack event failed")).toBe(false);
    } finally {
      api.override = undefined;
      await h.close();
    }
  });

  it("sends privately through conversations.open, false when the DM cannot be opened", async () => {
    const blockedApi = await startFakeSlackApi({ undmable: ["U_NODM"] });
    const results: boolean[] = [];
    const h = await startHarness(blockedApi, async (_event, reply) => {
      results.push(await reply.sendPrivate({ sections: [{ kind: "text", text: "私信" }] }));
    });
    try {
      await postEvent(
        h,
        mention("C_PRIV", "U_OKDM", "<@UBOT> 私聊", "1700000400.000100"),
        "Ev_PRIV_1",
      );
      await postEvent(
        h,
        mention("C_PRIV", "U_NODM", "<@UBOT> 私聊", "1700000401.000100"),
        "Ev_PRIV_2",
      );
      await h.spy.waitForEvents((e) => e.deliveryId?.startsWith("Ev_PRIV_") === true, 2);
      await h.spy.settled();
      expect(results.sort()).toEqual([false, true]);
      expect(postsTo(blockedApi, "DU_OKDM")).toHaveLength(1);
    } finally {
      await h.close();
      await blockedApi.close();
    }
  });
});

describe("Slack adapter construction", () => {
  it("needs a signing secret for HTTP mode and has no routes in Socket Mode", () => {
    const base = {
      botToken: "xoxb-x",
      handle: async () => {},
      isCommand: () => false,
      log: () => {},
    };
    expect(() => new SlackAdapter(base)).toThrow(/signing secret|app token/);
    const socket = new SlackAdapter({ ...base, appToken: "xapp-x" });
    expect(socket.routes()).toEqual([]);
    expect(socket.ready()).toBe(false);
    const http = new SlackAdapter({ ...base, signingSecret: "s" });
    expect(http.routes().map((r) => `${r.method} ${r.path}`)).toEqual(["POST /slack/events"]);
  });
});
