import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHttpServer } from "../../../../bot/app/http-server.js";
import { SLACK_EVENTS_PATH, SlackAdapter } from "../../../../bot/platforms/slack/slack-adapter.js";
import { SlackSender } from "../../../../bot/platforms/slack/slack-sender.js";
import { TelegramAdapter } from "../../../../bot/platforms/telegram/telegram-adapter.js";
import { TelegramSender } from "../../../../bot/platforms/telegram/telegram-sender.js";
import { allChunks } from "../../../../knowledge/ports/knowledge-store.js";
import { generateInto } from "../../../../knowledge/quiz/quiz-curator.js";
import { SqliteQuizBank } from "../../../../knowledge/store/sqlite-quiz-bank.js";
import {
  type CaseTestbed,
  ManualScheduler,
  openCaseTestbed,
} from "../../../helpers/case-testbed.js";
import { FakeClock } from "../../../helpers/fake-clock.js";
import { FAKE_BOT, type FakeSlackApi, startFakeSlackApi } from "../../../helpers/fake-slack-api.js";
import {
  type FakeTelegramApi,
  startFakeTelegramApi,
  textUpdate,
} from "../../../helpers/fake-telegram-api.js";
import {
  eventEnvelope,
  interactionBody,
  postToSlackEndpoint,
  slashCommandBody,
} from "../../../helpers/slack-signing.js";

const TOKEN = "123456:TEST-TOKEN-abcdefghijklmnop";

/** Waits for work the adapters do asynchronously (long polling, HTTP handlers); bounded. */
async function until(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 5_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function approveSingles(bed: CaseTestbed, n: number): Promise<void> {
  const bank = new SqliteQuizBank(bed.app.kb.db);
  const { added } = await generateInto(bank, await allChunks(bed.app.kb.store), 60);
  await bank.setState(
    added
      .filter((q) => q.answer.length === 1)
      .slice(0, n)
      .map((q) => q.id),
    "approved",
  );
}

describe("a group quiz on Telegram: native quiz polls, poll answers, timer, result board", () => {
  let api: FakeTelegramApi;
  let bed: CaseTestbed;
  let adapter: TelegramAdapter;
  const scheduler = new ManualScheduler();

  beforeAll(async () => {
    api = await startFakeTelegramApi();
    bed = await openCaseTestbed(
      new FakeClock(),
      {},
      { telegram: ["9"] },
      {
        senders: { telegram: new TelegramSender(TOKEN, api.apiRoot) },
        scheduler,
      },
    );
    await approveSingles(bed, 8);
    adapter = new TelegramAdapter({
      token: TOKEN,
      apiRoot: api.apiRoot,
      handle: bed.handle,
      log: () => {},
      sleep: async () => {},
    });
    await adapter.start();
  });
  afterAll(async () => {
    await adapter.stop();
    await api.close();
    bed.cleanup();
  });

  const vote = (pollId: string, userId: number, name: string, option: number) =>
    api.push({
      poll_answer: {
        poll_id: pollId,
        user: { id: userId, is_bot: false, first_name: name },
        option_ids: [option],
      },
    });

  it("asks 3 questions as non-anonymous quiz polls, scores poll answers once each, reveals, and ends with a board", async () => {
    api.push(textUpdate("/quiz 3", { chatId: -100777, chatType: "supergroup", userId: 5 }));
    for (let round = 0; round < 3; round++) {
      await api.waitFor(
        (c) =>
          c.method === "sendPoll" &&
          api.calls
            .filter((x) => x.method === "sendPoll" && x.payload.chat_id === "-100777")
            .indexOf(c) === round,
      );
      const poll = api.polls[round];
      if (!poll) throw new Error("no poll");
      expect(poll.chatId).toBe("-100777");
      expect(poll.payload).toMatchObject({ type: "quiz", is_anonymous: false, open_period: 30 });
      const correct = Number(poll.payload.correct_option_id);
      const options = poll.payload.options as { text: string }[];
      const wrong = correct === 0 ? 1 : 0;
      const q = await bed.quiz.get(bed.groupQuizzes.currentQuestion("telegram", "-100777") ?? -1);
      // The option marked correct in the poll is the question's answer, whatever the shuffle.
      expect(options[correct]?.text).toBe(q?.options[q.answer[0] ?? -1]);
      vote(poll.id, 11, "甲", correct);
      vote(poll.id, 12, "乙", round === 0 ? correct : wrong);
      vote(poll.id, 11, "甲", wrong); // a second vote does not change the first
      // Poll answers arrive through long polling: fire the timer once the core has counted them.
      await until(
        async () =>
          (await bed.quiz.standing("telegram", "12")).answered === round + 1 &&
          (await bed.quiz.standing("telegram", "11")).answered === round + 1,
      );
      const before = api.calls.length;
      expect(scheduler.fire()).toBe(30_000);
      await api.waitFor(
        (c) =>
          c.method === "sendMessage" &&
          String(c.payload.text).includes(`第 ${round + 1} 题答案`) &&
          api.calls.indexOf(c) >= before,
      );
      expect(
        api.calls.some((c) => c.method === "stopPoll" && c.payload.message_id === poll.messageId),
      ).toBe(true);
    }
    const board = await api.waitFor(
      (c) => c.method === "sendMessage" && String(c.payload.text).includes("测验结束"),
    );
    expect(String(board.payload.text)).toMatch(/1\. 甲 — 答对 3 题\n2\. 乙 — 答对 1 题/);
    expect(bed.groupQuizzes.active("telegram", "-100777")).toBe(false);
    expect(await bed.quiz.standing("telegram", "11")).toMatchObject({
      answered: 3,
      correct: 3,
      streak: 3,
    });
    // Wrong group answers come back for review in DMs.
    expect((await bed.quiz.standing("telegram", "12")).reviews).toBe(2);
  });

  it("one round per group at a time", async () => {
    api.push(textUpdate("/quiz 1", { chatId: -100888, chatType: "supergroup", userId: 5 }));
    await api.waitFor((c) => c.method === "sendPoll" && c.payload.chat_id === "-100888");
    api.push(textUpdate("/测验 2", { chatId: -100888, chatType: "supergroup", userId: 6 }));
    await api.waitFor(
      (c) => c.method === "sendMessage" && String(c.payload.text).includes("已有一轮测验"),
    );
    await until(() => scheduler.pending() > 0);
    scheduler.fire();
    await api.waitFor(
      (c) =>
        c.method === "sendMessage" &&
        c.payload.chat_id === "-100888" &&
        String(c.payload.text).includes("测验结束"),
    );
  });
});

describe("a group quiz on Slack: Block Kit buttons through the real bolt app", () => {
  const SECRET = "test-signing-secret";
  let api: FakeSlackApi;
  let bed: CaseTestbed;
  let adapter: SlackAdapter;
  let server: Server;
  let url: string;
  const scheduler = new ManualScheduler();

  beforeAll(async () => {
    api = await startFakeSlackApi();
    bed = await openCaseTestbed(
      new FakeClock(),
      {},
      { slack: ["UADMIN"] },
      {
        senders: { slack: new SlackSender("xoxb-test", api.apiUrl) },
        scheduler,
      },
    );
    await approveSingles(bed, 4);
    adapter = new SlackAdapter({
      botToken: "xoxb-test",
      signingSecret: SECRET,
      apiUrl: api.apiUrl,
      handle: bed.handle,
      isCommand: bed.bot.isCommand,
      log: () => {},
      clientOptions: { retryConfig: { retries: 0 } },
    });
    await adapter.start();
    server = await startHttpServer({
      port: 0,
      host: "127.0.0.1",
      routes: adapter.routes(),
      ready: () => true,
      log: () => {},
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${SLACK_EVENTS_PATH}`;
  });
  afterAll(async () => {
    await adapter.stop();
    await new Promise((r) => server.close(r));
    await api.close();
    bed.cleanup();
  });

  const pressButton = (user: string, value: string, actionId: string) =>
    postToSlackEndpoint(
      url,
      interactionBody({
        type: "block_actions",
        user: { id: user, username: user, team_id: "T1" },
        api_app_id: "A1",
        token: "legacy",
        container: { type: "message", message_ts: "1.1", channel_id: "CQUIZ", is_ephemeral: false },
        trigger_id: `t-${user}-${value}`,
        team: { id: "T1", domain: "hospital" },
        channel: { id: "CQUIZ", name: "quiz" },
        message: { type: "message", ts: "1.1", user: FAKE_BOT.userId, text: "quiz" },
        response_url: api.responseUrl(`r-${user}`),
        actions: [
          {
            type: "button",
            action_id: actionId,
            block_id: "b",
            value,
            text: { type: "plain_text", text: "A" },
            action_ts: "1.2",
          },
        ],
      }),
      "application/x-www-form-urlencoded",
      { secret: SECRET },
    );

  it("posts each question with buttons, takes one answer per person, reveals and ranks", async () => {
    const mention = await postToSlackEndpoint(
      url,
      slashCommandBody({
        token: "legacy",
        team_id: "T1",
        team_domain: "hospital",
        channel_id: "CQUIZ",
        channel_name: "quiz",
        user_id: "UHOST",
        user_name: "host",
        command: "/qingfeng",
        text: "quiz 2",
        api_app_id: "A1",
        response_url: api.responseUrl("quiz-start"),
        trigger_id: "trigger-quiz-start",
      }),
      "application/x-www-form-urlencoded",
      { secret: SECRET },
    );
    expect(mention.status).toBe(200);
    for (let round = 0; round < 2; round++) {
      const post = await api.waitFor(
        (c) =>
          c.method === "chat.postMessage" &&
          c.args.channel === "CQUIZ" &&
          JSON.stringify(c.args.blocks).includes(`第 ${round + 1}/2 题`),
      );
      const qid = bed.groupQuizzes.currentQuestion("slack", "CQUIZ");
      const q = await bed.quiz.get(qid ?? -1);
      if (!q) throw new Error("no question");
      const elements = (
        post.args.blocks as { elements?: { value?: string; action_id?: string }[] }[]
      ).flatMap((b) => b.elements ?? []);
      const right = elements.find((e) => e.value === `qz:a:${q.id}:${q.answer[0]}`);
      const wrong = elements.find((e) => e.value?.startsWith(`qz:a:${q.id}:`) && e !== right);
      expect(right && wrong).toBeTruthy();
      expect((await pressButton("UAMY", right?.value ?? "", right?.action_id ?? "")).status).toBe(
        200,
      );
      expect((await pressButton("UBEN", wrong?.value ?? "", wrong?.action_id ?? "")).status).toBe(
        200,
      );
      expect((await pressButton("UAMY", wrong?.value ?? "", wrong?.action_id ?? "")).status).toBe(
        200,
      );
      await until(async () => (await bed.quiz.standing("slack", "UBEN")).answered === round + 1);
      const mark = api.calls.length;
      scheduler.fire();
      await api.waitFor(
        (c) =>
          c.method === "chat.postMessage" &&
          JSON.stringify(c.args.blocks).includes(`第 ${round + 1} 题答案`) &&
          api.calls.indexOf(c) >= mark,
      );
    }
    const board = await api.waitFor(
      (c) => c.method === "chat.postMessage" && JSON.stringify(c.args.blocks).includes("测验结束"),
    );
    expect(JSON.stringify(board.args.blocks)).toMatch(/1\. UAMY — 答对 2 题.*2\. UBEN — 答对 0 题/);
    expect(await bed.quiz.standing("slack", "UAMY")).toMatchObject({ answered: 2, correct: 2 });
    expect(await bed.quiz.standing("slack", "UBEN")).toMatchObject({ answered: 2, correct: 0 });
  });

  it("an @mention that names a command starts a round too; other mentions stay questions", async () => {
    const mention = (text: string, id: string) =>
      postToSlackEndpoint(
        url,
        eventEnvelope(
          {
            type: "app_mention",
            user: "UHOST",
            text: `<@${FAKE_BOT.userId}> ${text}`,
            channel: "CQUIZ",
            ts: `${id}.0`,
            event_ts: `${id}.0`,
          },
          { eventId: `Ev-${id}` },
        ),
        "application/json",
        { secret: SECRET },
      );
    expect((await mention("quiz 1", "501")).status).toBe(200);
    // The round is active before its question is posted; its timer exists only after the post.
    await until(() => bed.groupQuizzes.active("slack", "CQUIZ"));
    scheduler.fire();
    await until(() => !bed.groupQuizzes.active("slack", "CQUIZ"));
    expect((await mention("药代请我吃饭可以吗？", "502")).status).toBe(200);
    const answer = await api.waitFor(
      (c) =>
        c.method === "chat.postMessage" &&
        c.args.thread_ts === "502.0" &&
        JSON.stringify(c.args.blocks).includes("禁止"),
    );
    expect(answer.args.channel).toBe("CQUIZ");
  });
});
