import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { OUTBOX_EVENT, SlackSender } from "../../../../bot/platforms/slack/slack-sender.js";
import { type CaseTestbed, openCaseTestbed, SAMPLE_CASE } from "../../../helpers/case-testbed.js";
import { FakeClock } from "../../../helpers/fake-clock.js";
import { type FakeSlackApi, startFakeSlackApi } from "../../../helpers/fake-slack-api.js";

describe("case-notice broadcast over the Slack Web API (real WebClient against the emulated API)", () => {
  let clock: FakeClock;
  let bed: CaseTestbed;
  let api: FakeSlackApi;
  let sender: SlackSender;

  beforeAll(async () => {
    clock = new FakeClock();
    bed = await openCaseTestbed(clock);
    api = await startFakeSlackApi();
    sender = new SlackSender("xoxb-test", api.apiUrl);
  });
  afterEach(() => {
    api.override = undefined;
  });
  afterAll(async () => {
    await api.close();
    bed.cleanup();
  });

  async function publish(tag: string): Promise<number> {
    const draft = await bed.cases.service.draft(SAMPLE_CASE, { by: "test" });
    await bed.cases.service.publish(draft.id, { by: "test", tags: [tag] });
    return draft.id;
  }

  it("posts Block Kit with the buttons, tagged with the outbox row in message metadata", async () => {
    await bed.subscribe("slack", ["C1", "C2"], ["a"]);
    const id = await publish("a");
    await bed.dispatcher({ slack: sender }).drain();
    const posts = api.calls.filter((c) => c.method === "chat.postMessage");
    expect(posts.map((p) => p.args.channel).sort()).toEqual(["C1", "C2"]);
    const rows = await bed.cases.outbox.rows((await bed.cases.outbox.broadcasts(id))[0]?.id ?? -1);
    for (const post of posts) {
      const row = rows.find((r) => r.chatId === post.args.channel);
      expect(post.args.metadata).toEqual({
        event_type: OUTBOX_EVENT,
        event_payload: { outbox_id: row?.id },
      });
      expect(JSON.stringify(post.args.blocks)).toContain(`case:ack:${id}`);
      expect(row?.messageIds).toEqual([api.posted.find((p) => p.channel === row?.chatId)?.ts]);
    }
  });

  it("after a crash mid-send, finds the message already in the channel instead of posting it twice", async () => {
    await bed.subscribe("slack", ["C3", "C4"], ["b"]);
    const id = await publish("b");
    const rows = await bed.cases.outbox.rows((await bed.cases.outbox.broadcasts(id))[0]?.id ?? -1);
    const c3 = rows.find((r) => r.chatId === "C3");
    // The crashed process had posted to C3 (the API has it) but died before recording it.
    await sender.send(
      "C3",
      { sections: [{ kind: "text", text: "notice" }] },
      { outboxId: c3?.id ?? -1 },
    );
    for (const r of rows) await bed.cases.outbox.claim(r.id, "crashed-host:1");
    await bed.dispatcher({ slack: sender }).drain();
    expect(api.posted.filter((p) => p.channel === "C3")).toHaveLength(1);
    expect(api.posted.filter((p) => p.channel === "C4")).toHaveLength(1);
    expect(await bed.cases.service.status(id)).toMatchObject({ sent: 2, pending: 0 });
  });

  it("honours 429 Retry-After and deactivates a channel that is gone", async () => {
    await bed.subscribe("slack", ["C5", "C6"], ["c"]);
    const id = await publish("c");
    let limited = false;
    api.override = (call) => {
      if (call.method !== "chat.postMessage") return undefined;
      if (call.args.channel === "C6") return { body: { ok: false, error: "channel_not_found" } };
      if (!limited) {
        limited = true;
        return {
          status: 429,
          headers: { "retry-after": "7" },
          body: { ok: false, error: "ratelimited" },
        };
      }
      return undefined;
    };
    const mark = clock.sleeps.length;
    await bed.dispatcher({ slack: sender }).drain();
    expect(limited).toBe(true);
    expect(clock.sleeps.slice(mark).some((ms) => ms >= 6_900)).toBe(true);
    expect(api.posted.filter((p) => p.channel === "C5")).toHaveLength(1);
    expect(await bed.chats.get("slack", "C6")).toMatchObject({
      subscribed: false,
      deactivatedReason: "channel_not_found",
    });
    expect(await bed.cases.service.status(id)).toMatchObject({ sent: 1, failed: 1 });
  });
});
