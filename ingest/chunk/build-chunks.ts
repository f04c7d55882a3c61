import type { ChunkDraft } from "../../knowledge/types.js";
import { splitLongSentence, splitSentences } from "../../lib/text/sentences.js";
import { isSignatureBlock, splitForm } from "../structure/forms.js";
import type { Block } from "../structure/outline-parser.js";
import type { TableRow, TaskTable } from "../structure/task-table.js";

/**
 * Chunks follow the structure: one clause (with its continuation paragraphs)
 * or one table row per chunk. A clause longer than `maxChars` is cut into
 * balanced pieces at sentence ends, each keeping the clause's heading path.
 * A blank form or signature block is its own chunk of kind "form"; the notes
 * under a form are a clause of their own.
 */
export interface ChunkOptions {
  maxChars: number;
}

export const DEFAULT_CHUNK_OPTIONS: ChunkOptions = { maxChars: 320 };

interface Unit {
  kind: "clause" | "paragraph";
  path: string[];
  searchPath: string[];
  texts: string[];
  label?: string | undefined;
}

export function buildChunks(
  blocks: Block[],
  tables: TaskTable[],
  options: ChunkOptions = DEFAULT_CHUNK_OPTIONS,
): ChunkDraft[] {
  const chunks: ChunkDraft[] = [];
  let unit: Unit | undefined;
  const close = () => {
    if (unit) chunks.push(...unitChunks(unit, options));
    unit = undefined;
  };
  for (const block of blocks) {
    if (block.kind === "heading") {
      close();
      continue;
    }
    if (block.kind === "paragraph" && isSignatureBlock(block.text)) {
      // A sign-off under a clause is not more of the clause.
      close();
      chunks.push(...pieces(block.text, { path: block.path }, "form", options));
      continue;
    }
    if (block.kind === "paragraph" && unit && samePath(unit.path, block.path)) {
      unit.texts.push(block.text);
      continue;
    }
    close();
    unit = {
      kind: block.kind,
      path: block.path,
      searchPath: block.searchPath,
      texts: [block.text],
      label: block.label,
    };
  }
  close();
  for (const table of tables)
    for (const row of table.rows) chunks.push(...rowChunks(table, row, options));
  return chunks.filter(isReadable);
}

function unitChunks(unit: Unit, options: ChunkOptions): ChunkDraft[] {
  const text = unit.texts.join("\n");
  const { path, searchPath } = unit;
  const form = splitForm(text);
  if (form) {
    const formPath = formPathOf(path, form.title);
    const notesPath = [...formPath, "注"];
    return [
      ...pieces(form.before, { path, searchPath }, unit.kind, options, unit.label),
      ...pieces(form.form, { path: formPath }, "form", options),
      ...pieces(form.notes ?? "", { path: notesPath }, "clause", options),
    ];
  }
  if (isSignatureBlock(text)) return pieces(text, { path, searchPath }, "form", options);
  return pieces(text, { path, searchPath }, unit.kind, options, unit.label);
}

/**
 * A form is headed by its own title unless its annex heading names it already
 * (附件3…登记表). A titled form inside another annex is an annex whose label
 * OCR lost: its title alone heads it.
 */
function formPathOf(path: string[], title: string | undefined): string[] {
  if (!title || path.at(-1)?.endsWith(title)) return path;
  return /^附[件表]/.test(path[0] ?? "") ? [title] : [...path, title];
}

function pieces(
  text: string,
  where: { path: string[]; searchPath?: string[] },
  kind: ChunkDraft["kind"],
  options: ChunkOptions,
  label?: string,
): ChunkDraft[] {
  if (text.trim() === "") return [];
  const searchPath =
    where.searchPath && !samePath(where.searchPath, where.path) ? where.searchPath : undefined;
  return splitBalanced(text, options.maxChars).map((piece) => ({
    text: piece,
    path: where.path,
    kind,
    ...(label ? { label } : {}),
    ...(searchPath ? { searchPath } : {}),
  }));
}

function rowChunks(table: TaskTable, row: TableRow, options: ChunkOptions): ChunkDraft[] {
  const taskName = row.category ? `${row.category}——` : "";
  const tail = [
    row.unit ? `责任单位：${row.unit}` : "",
    row.deadline ? `完成时限：${row.deadline}` : "",
  ]
    .filter(Boolean)
    .join("\n");
  const room = Math.max(120, options.maxChars - tail.length - taskName.length - 8);
  const fields: Record<string, string> = { 任务: `${taskName}${row.task}` };
  if (row.unit) fields.责任单位 = row.unit;
  if (row.deadline) fields.完成时限 = row.deadline;
  const path = [table.title, `${row.n}${row.category ? ` ${row.category}` : ""}`];
  return splitBalanced(row.task, room).map((piece, i) => ({
    text: [`${i === 0 ? "任务" : "任务（续）"}：${i === 0 ? taskName : ""}${piece}`, tail]
      .filter(Boolean)
      .join("\n"),
    path,
    kind: "row" as const,
    fields,
  }));
}

/** Packs sentences into pieces of similar size, none over `max` and none cut mid-sentence. */
export function splitBalanced(text: string, max: number): string[] {
  if (text.length <= max) return [text];
  const sentences = text
    .split("\n")
    .flatMap((para, i) => splitSentences(para).map((s, j) => (i > 0 && j === 0 ? `\n${s}` : s)))
    .flatMap((s) => splitLongSentence(s, max));
  const pieces = Math.ceil(text.length / max);
  const target = text.length / pieces;
  const out: string[] = [];
  let cur = "";
  for (const sentence of sentences) {
    if (cur.length > 0 && (cur.length + sentence.length > max || cur.length >= target)) {
      out.push(cur.trim());
      cur = "";
    }
    cur += sentence;
  }
  if (cur.trim().length > 0) out.push(cur.trim());
  return out;
}

function samePath(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Drops fragments too short to cite and OCR debris (Latin letters strewn through Han text). */
function isReadable(chunk: ChunkDraft): boolean {
  const han = chunk.text.match(/\p{Script=Han}/gu)?.length ?? 0;
  if (han < (chunk.kind === "form" ? 4 : 8)) return false;
  const debris =
    chunk.text.match(/(?<=\p{Script=Han}|[(（])[A-WYZa-wyz]{1,4}(?=\p{Script=Han}|[.(（)])/gu)
      ?.length ?? 0;
  return !(debris >= 3 && debris / han > 0.02);
}
