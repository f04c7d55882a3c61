import { createInterface } from "node:readline";
import { type CommandSpec, parseCommand, UsageError } from "../../../lib/cli-args.js";
import { CONSOLE } from "../../features/console/ports.js";
import { type CommandContext, openBot } from "./context.js";

const PASSWORD = {
  name: "admin",
  usage: "admin password [--name NAME]",
  summary:
    "Sets the admin console password of NAME (default admin), read from standard input (typed\nwithout echo in a terminal, or piped). Stored as a scrypt hash; at least 10 characters.",
  options: { name: { type: "string", value: "NAME", help: "the admin name to sign in with" } },
  positionals: { min: 1, max: 1 },
  example: "admin password --name 纪检监察室",
} satisfies CommandSpec;

/** `qingfeng admin password`: a console password, stored only as a scrypt hash. */
export async function adminCommand(ctx: CommandContext, args: string[]): Promise<number> {
  const { values, positionals } = parseCommand(args, PASSWORD);
  if (positionals[0] !== "password")
    throw new UsageError(PASSWORD, "the one admin command is `password`");
  const name = values.name ?? "admin";
  const password = await readPassword(ctx);
  const { app, bot } = await openBot(ctx);
  try {
    await bot.services.get(CONSOLE).setPassword(name, password);
    ctx.io.out(
      `Console password set for "${name}". Sign in at ${ctx.config.console.publicUrl ?? `http://localhost:${ctx.config.port}/admin`}/signin`,
    );
    return 0;
  } finally {
    app.close();
  }
}

/** One line from stdin; in a terminal, prompted and not echoed. */
function readPassword(ctx: CommandContext): Promise<string> {
  const tty = process.stdin.isTTY === true;
  if (tty) ctx.io.err("Password (not shown): ");
  const rl = createInterface({ input: process.stdin, terminal: tty });
  if (tty) (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => {};
  return new Promise((resolve) => {
    let answered = false;
    rl.once("line", (line) => {
      answered = true;
      rl.close();
      resolve(line.replace(/\r$/, ""));
    });
    rl.once("close", () => {
      if (!answered) resolve("");
    });
  });
}
