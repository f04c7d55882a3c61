import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHttpServer } from "../../../bot/app/http-server.js";
import type { Handle } from "../../../bot/kernel/handle.js";
import { SLACK_EVENTS_PATH, SlackAdapter } from "../../../bot/platforms/slack/slack-adapter.js";
import { type FakeSlackApi, startFakeSlackApi } from "../../helpers/fake-slack-api.js";
import { eventEnvelope, postToSlackEndpoint } from "../../helpers/slack-signing.js";

const SECRET = "ack-load-signing-secret";
const DMS = 200;

/**
 * Slack wants every delivery acknowledged within 3 s. Under 200 simultaneous
 * DMs the acks used to queue behind the answers of the DMs before them (each
 * answer started right after its own ack, on the same turn). Measured without
 * a wall clock: the core blocks until the client holds all 200 acks, so if
 * acks depended on answers the test could not finish; and how many answers
 * had started by the last ack shows whether work waited its turn.
 */
describe("Slack acks under load", () => {
  let api: FakeSlackApi;
  let server: Server;
  let adapter: SlackAdapter;
  let url: string;
  let started = 0;
  let finished = 0;
  let releaseCore: () => void = () => {};
  const allAcked = new Promise<void>((resolve) => {
    releaseCore = resolve;
  });

  beforeAll(async () => {
    api = await startFakeSlackApi();
    const handle: Handle = async () => {
      started++;
      await allAcked;
      finished++;
    };
    adapter = new SlackAdapter({
      botToken: "xoxb-test",
      signingSecret: SECRET,
      apiUrl: api.apiUrl,
      handle,
      isCommand: () => false,
      log: () => {},
      clientOptions: { retryConfig: { retries: 0 } },
    });
    await adapter.start();
    server = await startHttpServer({
      port: 0,
      host: "127.0.0.1",
      routes: adapter.routes(),
      ready: () => adapter.ready(),
      log: () => {},
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${SLACK_EVENTS_PATH}`;
  });
  afterAll(async () => {
    releaseCore();
    await adapter.stop();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await api.close();
  });

  it("acknowledges 200 simultaneous DMs before more than a few answers start, then answers all", async () => {
    const posts = Array.from({ length: DMS }, (_, i) =>
      postToSlackEndpoint(
        url,
        eventEnvelope(
          {
            type: "message",
            channel_type: "im",
            channel: `DLOAD${i}`,
            user: `ULOAD${i}`,
            text: "药代请我吃饭可以吗？",
            ts: `1700000000.${String(i).padStart(6, "0")}`,
          },
          { eventId: `EvLoad${i}` },
        ),
        "application/json",
        { secret: SECRET },
      ),
    );
    const acks = await Promise.all(posts);
    const startedBeforeLastAck = started;
    releaseCore();
    expect(acks.every((a) => a.status === 200)).toBe(true);
    // At most the adapter's concurrency (8) had begun: the rest waited behind the acks.
    expect(startedBeforeLastAck).toBeLessThanOrEqual(8);
    await adapter.stop();
    expect(finished).toBe(DMS);
  });
});
