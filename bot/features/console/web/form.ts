import type { ConsoleContext } from "./page.js";

/** A submitted form, read once: strings, repeated fields and uploaded files. */
export interface Form {
  str(name: string): string;
  all(name: string): string[];
  files(name: string): File[];
}

export async function readForm(c: ConsoleContext): Promise<Form> {
  const body = await c.req.parseBody({ all: true });
  const list = (name: string): unknown[] => {
    const v = body[name] ?? body[`${name}[]`];
    return v === undefined ? [] : Array.isArray(v) ? v : [v];
  };
  return {
    str: (name) => {
      const v = list(name)[0];
      return typeof v === "string" ? v.trim() : "";
    },
    all: (name) => list(name).filter((v): v is string => typeof v === "string"),
    files: (name) =>
      list(name).filter(
        (v): v is File => typeof v === "object" && v !== null && "arrayBuffer" in v,
      ),
  };
}

/** A comma- or space-separated list as typed into one field. */
export function splitList(text: string): string[] {
  return text
    .split(/[,，、\s]+/)
    .map((t) => t.trim())
    .filter(Boolean);
}

/** The id in a path parameter, or NaN. */
export function idParam(c: ConsoleContext, name = "id"): number {
  const v = c.req.param(name) ?? "";
  return /^\d+$/.test(v) ? Number(v) : Number.NaN;
}
