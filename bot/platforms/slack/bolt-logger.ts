import { inspect } from "node:util";
import { type Logger, LogLevel } from "@slack/bolt";
import type { Log } from "../../kernel/log.js";

const RANK: Record<LogLevel, number> = {
  [LogLevel.DEBUG]: 0,
  [LogLevel.INFO]: 1,
  [LogLevel.WARN]: 2,
  [LogLevel.ERROR]: 3,
};

/** Bolt's and the WebClient's logs into the app's structured log, so nothing goes to stdout on its own. */
export class BoltLogger implements Logger {
  private level: LogLevel = LogLevel.INFO;
  private name = "slack";

  constructor(private readonly log: Log) {}

  debug(...msg: unknown[]): void {
    this.write(LogLevel.DEBUG, msg);
  }
  info(...msg: unknown[]): void {
    this.write(LogLevel.INFO, msg);
  }
  warn(...msg: unknown[]): void {
    this.write(LogLevel.WARN, msg);
  }
  error(...msg: unknown[]): void {
    this.write(LogLevel.ERROR, msg);
  }
  setLevel(level: LogLevel): void {
    this.level = level;
  }
  getLevel(): LogLevel {
    return this.level;
  }
  setName(name: string): void {
    this.name = name;
  }

  private write(level: LogLevel, msg: unknown[]): void {
    if (RANK[level] < RANK[this.level]) return;
    const text = msg
      // inspect, not JSON.stringify: bolt and the socket client log objects that may be circular.
      .map((m) =>
        m instanceof Error
          ? m.message
          : typeof m === "string"
            ? m
            : inspect(m, { depth: 2, breakLength: Infinity }),
      )
      .join(" ");
    this.log(level, text, { source: this.name });
  }
}
