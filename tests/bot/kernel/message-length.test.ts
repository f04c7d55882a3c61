import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../bot/app/config.js";
import { createBot } from "../../../bot/app/create-bot.js";
import { type App, openApp } from "../../../bot/app/open-app.js";
import { parseNotice } from "../../../bot/features/cases/parse-notice.js";
import type { Handle } from "../../../bot/kernel/handle.js";
import { RecordingReply } from "../../helpers/recording-reply.js";

/** Lengths are told to people in characters as they count them, not in UTF-16 units. */
describe("message lengths in characters", () => {
  let dir: string;
  let app: App;
  let handle: Handle;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "qingfeng-length-"));
    app = await openApp(loadConfig({ QINGFENG_DATA_DIR: dir }));
    ({ handle } = await createBot(app, { admins: {}, log: () => {} }));
  });
  afterAll(() => {
    app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("calls a question of 10,000 emoji 10000 字 long", async () => {
    const reply = new RecordingReply();
    await handle(
      {
        type: "message",
        platform: "telegram",
        chat: { id: "1", type: "dm" },
        user: { id: "1" },
        text: "😀".repeat(10_000),
        addressed: true,
      },
      reply,
    );
    expect(reply.text()).toBe("问题太长（10000 字），请用一两句话提问（不超过 1000 字）。");
  });

  it("measures a case notice in characters: 15,000 emoji fit the 20,000 limit, 25,000 do not", () => {
    const notice = (n: number) => `某医院医生收受回扣问题\n基本案情：${"😀".repeat(n)}收受回扣。`;
    expect(parseNotice(notice(15_000)).facts).toContain("收受回扣");
    expect(() => parseNotice(notice(25_000))).toThrow(/The notice has 25022 characters/);
  });
});
