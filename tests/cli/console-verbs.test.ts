import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCommand } from "../../bot/app/cli/start.js";
import { loadConfig } from "../../bot/app/config.js";
import { BUILT_CLI, runBin } from "../helpers/built-cli.js";
import { CookieClient } from "../helpers/console-testbed.js";

describe("the console's CLI: qingfeng admin password, qingfeng console, and qingfeng start's terminal chat", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "qingfeng-console-cli-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("sets a password with `admin password`, then `qingfeng console` alone serves the console that accepts it", async () => {
    const env = { PATH: process.env.PATH ?? "", QINGFENG_DATA_DIR: join(dir, "alone") };
    const short = await runBin(["admin", "password"], { env, cwd: dir, input: "short\n" });
    expect(short.code).not.toBe(0);
    expect(short.stderr).toContain("at least 10 characters");
    const set = await runBin(["admin", "password", "--name", "jijian"], {
      env,
      cwd: dir,
      input: "a long enough secret\n",
    });
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain('Console password set for "jijian"');

    const child = spawn(process.execPath, [BUILT_CLI, "console"], {
      env: { ...env, PORT: "0", LOG_LEVEL: "info" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    try {
      const port = await new Promise<number>((resolve, reject) => {
        let err = "";
        child.once("exit", () => reject(new Error(`console exited: ${err}`)));
        child.stderr.on("data", (chunk: Buffer) => {
          err += chunk.toString("utf8");
          const m = /"msg":"admin console listening","port":(\d+)/.exec(err);
          if (m) resolve(Number(m[1]));
        });
      });
      const origin = `http://127.0.0.1:${port}`;
      expect((await fetch(`${origin}/healthz`)).status).toBe(200);
      const client = new CookieClient(origin);
      expect((await client.get("/admin")).status).toBe(303);
      await client.get("/admin/signin");
      const csrf = client.cookies.get("qf_pre") ?? "";
      const res = await client.post("/admin/signin/password", {
        name: "jijian",
        password: "a long enough secret",
        csrf,
      });
      expect(res.status).toBe(303);
      const overview = await client.get("/admin");
      expect(overview.status).toBe(200);
      expect(await overview.text()).toContain("概览");
    } finally {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    }
  }, 180_000);

  it("serves the console beside the terminal chat, where /console answers with a sign-in link", async () => {
    const config = loadConfig({ QINGFENG_DATA_DIR: join(dir, "terminal"), PORT: "0" });
    const input = new PassThrough();
    const out: string[] = [];
    const err: string[] = [];
    let sawLink: (link: string) => void = () => {};
    const linkShown = new Promise<string>((resolve) => {
      sawLink = resolve;
    });
    const io = {
      out: (t: string) => {
        out.push(t);
        const m = /(http:\/\/localhost:\d+\/admin\/signin\?token=[\w-]+)/.exec(t);
        if (m?.[1]) sawLink(m[1]);
      },
      err: (t: string) => {
        err.push(t);
        if (t.includes("清风已就绪")) input.write("/console\n");
      },
      isTTY: false,
    };
    const done = startCommand({ config, io }, { input });
    const link = await linkShown;
    expect(err.join("\n")).toMatch(/管理控制台：http:\/\/localhost:\d+\/admin/);
    const client = new CookieClient(new URL(link).origin);
    expect((await client.signInWithLink(link.replace("localhost", "127.0.0.1"))).status).toBe(303);
    expect((await client.get("/admin/notices")).status).toBe(200);
    input.end();
    expect(await done).toBe(0);
  }, 180_000);
});
