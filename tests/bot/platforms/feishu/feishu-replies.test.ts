import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { textMessage } from "../../../../bot/kernel/out-message.js";
import { ToastWindow } from "../../../../bot/platforms/feishu/card-toast.js";
import { createFeishuClient } from "../../../../bot/platforms/feishu/feishu-client.js";
import { FeishuReplies } from "../../../../bot/platforms/feishu/feishu-replies.js";
import { FakeClock } from "../../../helpers/fake-clock.js";
import {
  cardTexts,
  FAKE_APP,
  type FakeFeishu,
  startFakeFeishu,
} from "../../../helpers/fake-feishu/index.js";

const USER = "ou_reply0000000000000000000000000001";

describe("Feishu replies (real SDK Client against the emulator)", () => {
  let fake: FakeFeishu;
  let replies: FeishuReplies;
  const clock = new FakeClock();
  beforeAll(async () => {
    fake = await startFakeFeishu({ now: clock.now });
    const client = createFeishuClient({
      ...FAKE_APP,
      domain: fake.domain,
      log: () => {},
      timeoutMs: 5_000,
    });
    replies = new FeishuReplies(client, () => {}, clock.sleep);
  });
  afterEach(() => {
    fake.api.override = undefined;
  });
  afterAll(async () => {
    await fake?.close();
  });

  it("a press's notice is the toast while its window is open, and a DM once it has closed", async () => {
    const target = { deliveryId: "ev_press_1", chatId: "oc_group_r", userId: USER };
    const open = new ToastWindow(60_000);
    await replies.toPress(target, open).ack("已记录。");
    expect(await open.result).toBe("已记录。");
    expect(fake.api.messages).toHaveLength(0);

    const closed = new ToastWindow(60_000);
    closed.close();
    await replies.toPress({ ...target, deliveryId: "ev_press_2" }, closed).ack("来晚了。");
    expect(await closed.result).toBeUndefined();
    const dm = await fake.api.waitForMessage((m) => m.chat_id === `oc_p2p_${USER}`);
    expect(cardTexts(dm.card)).toEqual(["来晚了。"]);
  });

  it("an event handled twice posts its answer once: the uuids come from the event id", async () => {
    const question = "om_in_question";
    fake.api.inbound.set(question, "oc_group_twice");
    const target = {
      deliveryId: "ev_twice",
      chatId: "oc_group_twice",
      userId: USER,
      replyTo: question,
    };
    for (let i = 0; i < 2; i++) {
      const reply = replies.toMessage(target);
      await reply.send(textMessage("第一条"));
      await reply.send(textMessage("第二条"));
    }
    const posted = fake.api.messages.filter((m) => m.chat_id === "oc_group_twice");
    expect(posted.map((m) => cardTexts(m.card)[0])).toEqual(["第一条", "第二条"]);
    expect(posted.every((m) => m.reply_to === question)).toBe(true);
  });

  it("an answer waits out a rate limit for x-ogw-ratelimit-reset seconds and is posted once", async () => {
    let refused = 0;
    fake.api.override = (call) => {
      if (!call.path.startsWith("/open-apis/im/v1/messages") || refused > 0) return undefined;
      refused++;
      return {
        status: 429,
        headers: { "x-ogw-ratelimit-reset": "2" },
        body: { code: 99991400, msg: "request trigger frequency limit" },
      };
    };
    const mark = clock.sleeps.length;
    await replies
      .toMessage({ deliveryId: "ev_limited", chatId: "oc_dm_limited", userId: USER })
      .send(textMessage("稍等后送达"));
    expect(refused).toBe(1);
    expect(clock.sleeps.slice(mark)).toEqual([2_000]);
    expect(fake.api.messages.filter((m) => m.chat_id === "oc_dm_limited")).toHaveLength(1);
  });

  it("a rate limit that does not pass is an error the core reports, not an endless wait", async () => {
    fake.api.override = (call) =>
      call.path.startsWith("/open-apis/im/v1/messages")
        ? {
            status: 400,
            body: { code: 230020, msg: "This operation triggers the frequency limit." },
          }
        : undefined;
    const reply = replies.toMessage({
      deliveryId: "ev_stuck",
      chatId: "oc_dm_stuck",
      userId: USER,
    });
    await expect(reply.send(textMessage("发不出去"))).rejects.toMatchObject({ code: 230020 });
  });
});
