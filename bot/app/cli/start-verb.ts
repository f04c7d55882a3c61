import { type CommandSpec, parseCommand } from "../../../lib/cli-args.js";
import type { CommandContext } from "./context.js";

const START = {
  name: "start",
  usage: "start",
  summary:
    "Starts every chat platform whose credentials are configured (one HTTP server on PORT) and\nsends queued case notices; with none configured, the local chat in this terminal.\nIngests the shipped corpus first when the store is empty. Stops gracefully on SIGTERM.",
  options: {},
  example: "start",
} satisfies CommandSpec;

/** `qingfeng start`: its arguments checked here, so `start --help` never starts anything. */
export async function startVerb(ctx: CommandContext, args: string[]): Promise<number> {
  parseCommand(args, START);
  return (await import("./start.js")).startCommand(ctx);
}
