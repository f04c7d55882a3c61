#!/usr/bin/env node
// Checks the question sets in tests/eval: every `expect` passage must occur in the source
// documents, compared the way /work/shared/eval/score.py compares a citation with a passage
// (Han characters only: whitespace, punctuation, digits, Latin letters and page markers are
// ignored). Also checks the shape of each line (id, q, expect, verdict; out_of_scope has no
// passage, every other verdict has one; ids unique per file).
//
//   node tests/eval/check-expect.mjs                  every tests/eval/*.jsonl
//   node tests/eval/check-expect.mjs a.jsonl b.jsonl  just these files
//   --corpus DIR     the seed corpus (default knowledge/corpus)
//   --extra PATH     one more source file or directory (repeatable): .txt/.md (UTF-8, UTF-16
//                    with BOM, or GB18030) and .docx (word/document.xml, read without deps)
//   --quiet          print only problems and the last line
//
// Sets whose passages come from a fixture rather than from the corpus are listed in
// EXTRA_SOURCES, so the plain command checks them against that fixture too.
//
// Exit 1 when a passage is not found or a line is malformed. Passages of fewer than 15 or more
// than 60 Han characters, and passages that are in a source but not inside one clause (a
// heuristic split at outline numbering: 第N条, 一、, （一）, 1.), are reported as warnings.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, extname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { inflateRawSync } from "node:zlib";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..", "..");

/** Question sets answered from a fixture, not (only) from the seed corpus. */
const EXTRA_SOURCES = {
  "hospital-policy.jsonl": ["tests/fixtures/hospital-policy"],
};

const VERDICTS = new Set(["prohibited", "conditional", "info", "out_of_scope"]);
const MIN_HAN = 15;
const MAX_HAN = 60;

const han = (s) =>
  Array.from(s ?? "")
    .filter((ch) => ch >= "\u4e00" && ch <= "\u9fff")
    .join("");

function parseArgs(argv) {
  const opts = { corpus: join(root, "knowledge", "corpus"), extra: [], files: [], quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--corpus") opts.corpus = resolve(argv[++i] ?? "");
    else if (a === "--extra") opts.extra.push(resolve(argv[++i] ?? ""));
    else if (a === "--quiet") opts.quiet = true;
    else if (a === "--help" || a === "-h") {
      console.log(readFileSync(fileURLToPath(import.meta.url), "utf8").split("\nimport ")[0]);
      process.exit(0);
    } else opts.files.push(resolve(a));
  }
  if (opts.files.length === 0) {
    opts.files = readdirSync(here)
      .filter((f) => f.endsWith(".jsonl"))
      .sort()
      .map((f) => join(here, f));
  }
  return opts;
}

/** Files under a path (a file, or a directory's .txt/.md/.docx files). */
function sourceFiles(path) {
  let st;
  try {
    st = statSync(path);
  } catch {
    console.error(`no such source file or directory: ${path}`);
    process.exit(2);
  }
  if (!st.isDirectory()) return [path];
  return readdirSync(path)
    .filter((f) => [".txt", ".md", ".docx"].includes(extname(f).toLowerCase()))
    .sort()
    .map((f) => join(path, f));
}

function decodeText(bytes) {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return bytes.subarray(3).toString("utf8");
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("gb18030").decode(bytes);
  }
}

/** One entry of a zip archive, found through the central directory (no dependencies). */
function zipEntry(buf, wanted) {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error("not a zip file");
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  for (let n = 0; n < count; n++) {
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString("utf8");
    if (name === wanted) {
      const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
      const data = buf.subarray(start, start + size);
      if (method === 0) return data;
      if (method === 8) return inflateRawSync(data);
      throw new Error(`unsupported zip method ${method}`);
    }
    p += 46 + nameLen + extraLen + commentLen;
  }
  throw new Error(`${wanted} not in archive`);
}

function docxText(bytes) {
  const xml = zipEntry(bytes, "word/document.xml").toString("utf8");
  return xml
    .split(/<\/w:p>/)
    .map((p) =>
      (p.match(/<w:t(?:\s[^>]*)?>[^<]*<\/w:t>/g) ?? [])
        .map((t) => t.replace(/<[^>]+>/g, ""))
        .join("")
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">")
        .replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'")
        .replace(/&amp;/g, "&"),
    )
    .join("\n");
}

function readSource(file) {
  const bytes = readFileSync(file);
  return extname(file).toLowerCase() === ".docx" ? docxText(bytes) : decodeText(bytes);
}

// Outline numbering that starts a clause: 第N章/条 only at the start of a line or after a
// space (elsewhere it is a cross-reference such as "按照本细则第三条处理"); 一、 （一） 1. anywhere,
// because the 2024 compilation runs its items together on one line. Page markers of the form
// "\n\n12、" (that compilation's web-page numbering) are removed first so that they do not split
// sentences; hard wraps are then joined.
const ARTICLE_START = /(^|\s)(?=第[一二三四五六七八九十百零]+[章条节])/g;
const CLAUSE_START =
  /\u0001|(?=[一二三四五六七八九十]+、)|(?=[（(][一二三四五六七八九十]+[）)])|(?=(?<![\d.])\d{1,2}\s?[.．](?!\d))/g;

/** Han text of a source, and of its clauses (heuristic split, for warnings only). */
function indexSource(file) {
  let text;
  try {
    text = readSource(file);
  } catch (e) {
    console.error(`cannot read source ${file}: ${e.message}`);
    process.exit(2);
  }
  const flat = text
    .replace(/\n\s*\n\d{1,3}、/g, "")
    .replace(ARTICLE_START, "$1\u0001")
    .replace(/\s*\n\s*/g, "");
  return { file, all: han(text), clauses: flat.split(CLAUSE_START).map(han).filter(Boolean) };
}

function checkFile(file, sources) {
  const errors = [];
  const warnings = [];
  const lines = readFileSync(file, "utf8").split(/\r?\n/);
  const ids = new Set();
  let questions = 0;
  let passages = 0;
  lines.forEach((line, i) => {
    if (line.trim() === "") return;
    const where = `${basename(file)}:${i + 1}`;
    let q;
    try {
      q = JSON.parse(line);
    } catch (e) {
      errors.push(`${where}: not JSON (${e.message})`);
      return;
    }
    questions++;
    const label = `${where} ${q.id ?? "?"}`;
    if (typeof q.id !== "string" || typeof q.q !== "string" || !Array.isArray(q.expect)) {
      errors.push(`${label}: needs string "id", string "q" and array "expect"`);
      return;
    }
    if (ids.has(q.id)) errors.push(`${label}: duplicate id`);
    ids.add(q.id);
    if (!VERDICTS.has(q.verdict))
      errors.push(`${label}: verdict "${q.verdict}" is not one of ${[...VERDICTS].join("/")}`);
    if (q.verdict === "out_of_scope" && q.expect.length > 0)
      errors.push(`${label}: out_of_scope must have "expect": []`);
    if (q.verdict !== "out_of_scope" && q.expect.length === 0)
      errors.push(`${label}: ${q.verdict} needs at least one passage`);
    for (const e of q.expect) {
      passages++;
      const h = han(e);
      if (h.length === 0) {
        errors.push(`${label}: passage without Han characters: ${JSON.stringify(e)}`);
        continue;
      }
      const found = sources.filter((s) => s.all.includes(h));
      if (found.length === 0) {
        errors.push(`${label}: NOT FOUND in ${sources.length} source(s): ${e}`);
        continue;
      }
      if (h.length < MIN_HAN || h.length > MAX_HAN)
        warnings.push(`${label}: ${h.length} Han characters (want ${MIN_HAN}–${MAX_HAN}): ${e}`);
      if (!found.some((s) => s.clauses.some((c) => c.includes(h))))
        warnings.push(`${label}: found, but not inside one clause (crosses numbering?): ${e}`);
    }
  });
  return { file, questions, passages, errors, warnings };
}

const opts = parseArgs(process.argv.slice(2));
const cache = new Map();
const load = (path) => {
  if (!cache.has(path)) cache.set(path, indexSource(path));
  return cache.get(path);
};
const corpus = sourceFiles(opts.corpus).map(load);
let failed = 0;
let total = 0;
for (const file of opts.files) {
  const extra = [...(EXTRA_SOURCES[basename(file)] ?? []).map((p) => join(root, p)), ...opts.extra];
  const sources = [...corpus, ...extra.flatMap(sourceFiles).map(load)];
  const r = checkFile(file, sources);
  total += r.passages;
  failed += r.errors.length;
  for (const e of r.errors) console.log(`ERROR ${e}`);
  if (!opts.quiet) for (const w of r.warnings) console.log(`warn  ${w}`);
  console.log(
    `${r.errors.length ? "✗" : "✓"} ${basename(file)}: ${r.questions} questions, ${r.passages} passages, ` +
      `${r.errors.length} errors, ${r.warnings.length} warnings (sources: ${sources.map((s) => basename(s.file)).join(", ")})`,
  );
}
console.log(
  failed
    ? `${failed} problem(s) in ${opts.files.length} file(s)`
    : `all ${total} passages found in ${opts.files.length} file(s)`,
);
process.exit(failed ? 1 : 0);
