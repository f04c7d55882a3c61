import { parseArgs } from "node:util";
import { QingfengError } from "./errors.js";

/**
 * One command's arguments, declared once: what parses them (node:util parseArgs,
 * strict) and what `--help` prints are the same data, so they cannot drift.
 */
export interface CommandSpec {
  /** As typed after `qingfeng`: "stats", "quiz generate". */
  name: string;
  /** The usage line(s) without the leading `qingfeng`; the first line is the command itself. */
  usage: string;
  summary: string;
  options: Record<string, OptionSpec>;
  positionals?: { min: number; max: number };
  /** One command line a reader can copy, without the leading `qingfeng`. */
  example: string;
}

/** `--json`, which most verbs take with the same meaning. */
export const JSON_OPTION = { json: { type: "boolean", help: "print the result as JSON" } } as const;

export interface OptionSpec {
  type: "string" | "boolean";
  multiple?: boolean;
  short?: string;
  /** What the value is, as the help shows it: "N", "FILE". */
  value?: string;
  help: string;
}

type Values<O extends Record<string, OptionSpec>> = {
  [K in keyof O]?: O[K]["type"] extends "boolean"
    ? boolean
    : O[K]["multiple"] extends true
      ? string[]
      : string;
};

export interface Parsed<O extends Record<string, OptionSpec>> {
  values: Values<O>;
  positionals: string[];
}

/** A mistake in how a command was typed: the CLI prints it with the usage and exits 2. */
export class UsageError extends QingfengError {
  readonly spec: Pick<CommandSpec, "name" | "usage">;

  constructor(spec: Pick<CommandSpec, "name" | "usage">, message: string) {
    super("BAD_INPUT", message);
    this.name = "UsageError";
    this.spec = spec;
  }
}

/** `--help` was asked for: the CLI prints `text` to stdout and exits 0, having done nothing else. */
export class HelpRequested extends Error {
  readonly text: string;

  constructor(text: string) {
    super("help requested");
    this.name = "HelpRequested";
    this.text = text;
  }
}

export function isUsageError(error: unknown): error is UsageError {
  return error instanceof UsageError;
}

export function isHelpRequested(error: unknown): error is HelpRequested {
  return error instanceof HelpRequested;
}

const HELP_OPTION: OptionSpec = { type: "boolean", short: "h", help: "show this help" };

/**
 * Parses `args` against `spec`. Throws HelpRequested when `--help`/`-h` comes
 * before any `--` (whatever else is there: help never runs the command), and
 * UsageError for unknown options, missing values or a wrong number of arguments.
 */
export function parseCommand<O extends Record<string, OptionSpec>>(
  args: readonly string[],
  spec: CommandSpec & { options: O },
): Parsed<O> {
  if (asksForHelp(args)) throw new HelpRequested(helpText(spec));
  const options = Object.fromEntries(
    Object.entries(spec.options).map(([name, o]) => [
      name,
      {
        type: o.type,
        ...(o.multiple ? { multiple: true } : {}),
        ...(o.short ? { short: o.short } : {}),
      },
    ]),
  );
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(spec, parseErrorText(error));
  }
  const { min, max } = spec.positionals ?? { min: 0, max: 0 };
  const { positionals } = parsed;
  if (positionals.length < min) {
    const missing = positionalNames(spec).slice(positionals.length, min);
    throw new UsageError(
      spec,
      missing.length > 0 ? `missing ${missing.join(" and ")}` : "missing arguments",
    );
  }
  if (positionals.length > max) {
    throw new UsageError(spec, `unexpected argument '${positionals[max]}'`);
  }
  return { values: parsed.values as Values<O>, positionals };
}

/** A command with sub-commands (`quiz generate`, `case add`): the group's help lists them all. */
export interface CommandGroup {
  name: string;
  summary: string;
  commands: readonly CommandSpec[];
  example: string;
}

/**
 * Picks the sub-command named by `args[0]`; the rest are its arguments.
 * No sub-command, or an unknown one, is a usage error; `--help` first is the group's help.
 */
export function pickSubCommand(
  args: readonly string[],
  group: CommandGroup,
): { spec: CommandSpec; rest: string[] } {
  const [first, ...rest] = args;
  const usage = { name: group.name, usage: group.commands.map((c) => c.usage).join("\n") };
  if (first === undefined) throw new UsageError(usage, "missing sub-command");
  if (first === "--help" || first === "-h" || first === "help") {
    throw new HelpRequested(groupHelp(group));
  }
  const spec = group.commands.find((c) => c.name === `${group.name} ${first}`);
  if (!spec) {
    throw new UsageError(
      usage,
      first.startsWith("-") ? `unknown option '${first}'` : `unknown sub-command '${first}'`,
    );
  }
  return { spec, rest };
}

/** A positive whole-number id from the command line, or a usage error naming it. */
export function parseId(spec: CommandSpec, value: string | undefined, what = "ID"): number {
  const id = Number(value);
  if (value === undefined || !/^\d+$/.test(value) || !Number.isSafeInteger(id) || id <= 0) {
    throw new UsageError(spec, `${what} must be a whole number like 3, got '${value ?? ""}'`);
  }
  return id;
}

/** The arguments the usage line names in order ("case correct ID FILE" → ID, FILE). */
function positionalNames(spec: CommandSpec): string[] {
  const words = spec.usage.split("\n")[0]?.match(/"?<[^>]+>"?|\S+/g) ?? [];
  return words
    .slice(spec.name.split(" ").length)
    .filter((w) => !/^[[|-]/.test(w))
    .map((w) => w.replace(/^"|"$/g, "").replace(/…$/, ""));
}

function asksForHelp(args: readonly string[]): boolean {
  const end = args.indexOf("--");
  return (end === -1 ? args : args.slice(0, end)).some((a) => a === "--help" || a === "-h");
}

/** parseArgs' errors, as one line: "unknown option '--bogus'". */
function parseErrorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown }).code;
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    const option = /'([^']+)'/.exec(message)?.[1];
    if (option) return `unknown option '${option}'`;
  }
  const first = message.split("\n")[0] ?? message;
  return first.charAt(0).toLowerCase() + first.slice(1).replace(/\.$/, "");
}

/** The full `--help` text: usage, what it does, options, one example. */
export function helpText(spec: CommandSpec): string {
  const options = Object.entries({ ...spec.options, help: HELP_OPTION }).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : ""}--${name}${o.value ? ` ${o.value}` : ""}`;
    return [flag, o.help] as const;
  });
  const width = Math.max(...options.map(([flag]) => flag.length)) + 3;
  return [
    usageLines(spec.usage),
    "",
    spec.summary,
    "",
    "Options:",
    ...options.map(([flag, help]) => `  ${flag.padEnd(width)}${help}`),
    "",
    "Example:",
    `  qingfeng ${spec.example}`,
  ].join("\n");
}

function groupHelp(group: CommandGroup): string {
  return [
    groupUsage(group),
    "",
    group.summary,
    "",
    `Run "qingfeng ${group.name} <command> --help" for a command's options and an example.`,
    "",
    "Example:",
    `  qingfeng ${group.example}`,
  ].join("\n");
}

function groupUsage(group: CommandGroup): string {
  return usageLines(group.commands.map((c) => c.usage).join("\n"));
}

function usageLines(usage: string): string {
  const lines = usage.split("\n").map((l) => `qingfeng ${l}`);
  return lines.length === 1
    ? `Usage: ${lines[0]}`
    : `Usage:\n${lines.map((l) => `  ${l}`).join("\n")}`;
}

/** What the CLI prints for a usage error: one line naming the mistake, then the usage. */
export function usageErrorText(error: UsageError): string {
  return [
    `qingfeng ${error.spec.name}: ${error.message}`,
    usageLines(error.spec.usage),
    `Run "qingfeng ${error.spec.name} --help" for options and an example.`,
  ].join("\n");
}
