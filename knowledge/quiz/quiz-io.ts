import { csvDocument, parseCsv } from "../../lib/text/csv.js";
import { QingfengError } from "../errors.js";
import { AUDIENCES, isAudience } from "./audiences.js";
import type { QuestionKind, QuizQuestion, StoredQuestion } from "./question-types.js";

/** The CLI/JSON contract of one question (answer indexes are 0-based into options). */
export interface QuestionJson {
  id?: number | undefined;
  kind: QuestionKind;
  stem: string;
  options: string[];
  answer: number[];
  explanation: string;
  source: { text: string; title: string; year?: number | undefined; section: string };
  tags?: string[] | undefined;
  /** The kind of conduct (conduct.txt id) the question is about. */
  conduct?: string | undefined;
  /** Who it is for: 临床, 护理, 药学, 医技, 采购与设备, 管理, 行政. */
  audiences?: string[] | undefined;
  /** Task-table facts for administrators, never in staff practice or campaigns. */
  adminOnly?: boolean | undefined;
  /** How it was made (scenario, forbidden-choice, cloze, truefalse, table-row, llm, import …). */
  origin?: string | undefined;
  state?: string | undefined;
}

export function toJson(q: StoredQuestion | QuizQuestion): QuestionJson {
  return {
    ...("id" in q ? { id: q.id } : {}),
    kind: q.kind,
    stem: q.stem,
    options: q.options,
    answer: q.answer,
    explanation: q.explanation,
    source: {
      text: q.source.text,
      title: q.source.title,
      year: q.source.year,
      section: q.source.section,
    },
    tags: q.tags,
    ...(q.conduct ? { conduct: q.conduct } : {}),
    audiences: q.audiences ?? [],
    adminOnly: q.adminOnly === true,
    origin: q.origin,
    ...("state" in q ? { state: q.state } : {}),
  };
}

const KINDS: QuestionKind[] = ["single", "multiple", "truefalse", "scenario"];

/** `{"questions": [...]}` or a bare array, as written by `quiz export`. */
export function fromJson(text: string): QuizQuestion[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    throw new QingfengError("BAD_INPUT", `Not valid JSON: ${(error as Error).message}`);
  }
  const list = Array.isArray(raw) ? raw : (raw as { questions?: unknown }).questions;
  if (!Array.isArray(list))
    throw new QingfengError("BAD_INPUT", 'Expected {"questions": [...]} or an array.');
  return list.map((item, i) => fromObject(item as Record<string, unknown>, `question ${i + 1}`));
}

function fromObject(o: Record<string, unknown>, where: string): QuizQuestion {
  const kind = o.kind as QuestionKind;
  if (!KINDS.includes(kind))
    throw new QingfengError("BAD_INPUT", `${where}: kind must be one of ${KINDS.join(", ")}`);
  const source = (o.source ?? {}) as Record<string, unknown>;
  const audiences = Array.isArray(o.audiences) ? o.audiences.map(String) : [];
  const unknown = audiences.filter((a) => !isAudience(a));
  if (unknown.length > 0)
    throw new QingfengError(
      "BAD_INPUT",
      `${where}: audience ${unknown.join(", ")} is not one of ${AUDIENCES.join(", ")}`,
    );
  return {
    kind,
    stem: String(o.stem ?? ""),
    options: Array.isArray(o.options) ? o.options.map(String) : [],
    answer: Array.isArray(o.answer) ? o.answer.map(Number) : [],
    explanation: String(o.explanation ?? ""),
    source: {
      text: String(source.text ?? ""),
      title: String(source.title ?? ""),
      year: source.year === undefined || source.year === null ? undefined : Number(source.year),
      section: String(source.section ?? ""),
    },
    tags: Array.isArray(o.tags) ? o.tags.map(String) : [],
    origin: "import",
    conduct: typeof o.conduct === "string" && o.conduct.trim() ? o.conduct.trim() : undefined,
    audiences,
    adminOnly: o.adminOnly === true || o.adminOnly === "1" || o.adminOnly === "true",
  };
}

const CSV_COLUMNS = [
  "id",
  "kind",
  "stem",
  "options",
  "answer",
  "explanation",
  "source_title",
  "source_year",
  "source_section",
  "source_text",
  "tags",
  "conduct",
  "audiences",
  "admin_only",
  "state",
] as const;

/** One row per question; options joined with " | ", answer indexes (0-based) with ";". */
export function toCsv(questions: StoredQuestion[]): string {
  const rows = questions.map((q) => [
    String(q.id),
    q.kind,
    q.stem,
    q.options.join(" | "),
    q.answer.join(";"),
    q.explanation,
    q.source.title,
    q.source.year === undefined ? "" : String(q.source.year),
    q.source.section,
    q.source.text,
    q.tags.join(";"),
    q.conduct ?? "",
    (q.audiences ?? []).join(";"),
    q.adminOnly ? "1" : "0",
    q.state,
  ]);
  return csvDocument([[...CSV_COLUMNS], ...rows]);
}

export function fromCsv(text: string): QuizQuestion[] {
  const rows = parseCsv(text.replace(/^\uFEFF/, "")).filter((r) => r.some((c) => c.trim() !== ""));
  const header = rows[0]?.map((h) => h.trim()) ?? [];
  const col = (name: (typeof CSV_COLUMNS)[number]) => header.indexOf(name);
  for (const required of [
    "kind",
    "stem",
    "options",
    "answer",
    "source_title",
    "source_text",
  ] as const)
    if (col(required) < 0)
      throw new QingfengError("BAD_INPUT", `The CSV has no "${required}" column.`);
  return rows.slice(1).map((r, i) => {
    const get = (name: (typeof CSV_COLUMNS)[number]) =>
      col(name) >= 0 ? (r[col(name)] ?? "").trim() : "";
    // A spreadsheet may have prefixed a formula-like cell with ' on export.
    const unquote = (v: string) => v.replace(/^'(?=[=+\-@])/, "");
    return fromObject(
      {
        kind: get("kind"),
        stem: unquote(get("stem")),
        options: get("options").split(" | ").map(unquote),
        answer: get("answer").split(/[;,]/).filter(Boolean).map(Number),
        explanation: unquote(get("explanation")),
        source: {
          title: get("source_title"),
          year: get("source_year") || undefined,
          section: get("source_section"),
          text: unquote(get("source_text")),
        },
        tags: get("tags").split(";").filter(Boolean),
        conduct: get("conduct"),
        audiences: get("audiences").split(";").filter(Boolean),
        adminOnly: get("admin_only"),
      },
      `row ${i + 2}`,
    );
  });
}
