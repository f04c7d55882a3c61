import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FeishuAdapter } from "../../../../bot/platforms/feishu/feishu-adapter.js";
import { createFeishuClient } from "../../../../bot/platforms/feishu/feishu-client.js";
import { FAKE_APP, type FakeFeishu, startFakeFeishu } from "../../../helpers/fake-feishu/index.js";

function adapterFor(domain: string, appSecret: string, timeoutMs = 2_000): FeishuAdapter {
  const client = createFeishuClient({ ...FAKE_APP, appSecret, domain, log: () => {}, timeoutMs });
  return new FeishuAdapter({
    client,
    appId: FAKE_APP.appId,
    appSecret,
    domain,
    handle: async () => {},
    isCommand: () => false,
    log: () => {},
    timeoutMs,
  });
}

/** A port on loopback that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("Feishu start-up failures say whether trying again can help", () => {
  let fake: FakeFeishu;
  beforeAll(async () => {
    fake = await startFakeFeishu();
  });
  afterAll(async () => {
    await fake?.close();
  });

  it("a wrong App Secret is refused for good, naming the keys to fix, without opening a connection", async () => {
    const adapter = adapterFor(fake.domain, "wrong-secret");
    await expect(adapter.start()).rejects.toMatchObject({
      code: "PLATFORM_REJECTED",
      retryable: false,
      message: expect.stringMatching(/10014.*FEISHU_APP_ID and FEISHU_APP_SECRET/),
    });
    expect(fake.gateway.accepted).toBe(0);
    expect(adapter.ready()).toBe(false);
    await adapter.stop();
  });

  it("an unreachable Open API is worth another try later", async () => {
    const adapter = adapterFor(`http://127.0.0.1:${await closedPort()}`, FAKE_APP.appSecret);
    await expect(adapter.start()).rejects.toMatchObject({
      code: "PLATFORM_UNREACHABLE",
      retryable: true,
    });
    await adapter.stop();
  });

  it("a long connection that cannot be opened in time is worth another try later", async () => {
    fake.api.refuseConnections = true;
    const adapter = adapterFor(fake.domain, FAKE_APP.appSecret, 300);
    await expect(adapter.start()).rejects.toMatchObject({
      code: "PLATFORM_UNREACHABLE",
      message: expect.stringContaining("no connection within 300 ms"),
    });
    fake.api.refuseConnections = false;
    // The supervisor's next attempt succeeds once the endpoint answers.
    await adapter.start();
    expect(adapter.ready()).toBe(true);
    await adapter.stop();
  });
});
