import { charCount } from "../../../lib/text/char-count.js";
import { type CaseFields, inferTags } from "./case-notice.js";
import { QingfengError } from "./errors.js";

/** A notice is read in a chat group: a few screens, not a whole investigation report. */
export const MAX_NOTICE_CHARS = 20_000;

/**
 * Turns what an admin has — a Markdown file with headings (基本案情 / 处理结果 /
 * 案例剖析), a JSON object, or a notice pasted as free text — into notice
 * fields. Facts are required; everything else may be added while a draft.
 */
export function parseNotice(
  text: string,
  format: "auto" | "markdown" | "json" | "text" = "auto",
): CaseFields {
  const trimmed = text.replace(/^\uFEFF/, "").trim();
  if (trimmed === "") throw new QingfengError("CASE_INVALID", "The notice is empty.");
  const chars = charCount(trimmed);
  if (chars > MAX_NOTICE_CHARS)
    throw new QingfengError(
      "CASE_INVALID",
      `The notice has ${chars} characters; a case notice is at most ${MAX_NOTICE_CHARS}. Link the full report with a 来源 line instead.`,
    );
  const kind = format === "auto" ? detectFormat(trimmed) : format;
  const fields =
    kind === "json"
      ? fromJson(trimmed)
      : kind === "markdown"
        ? fromSections(trimmed)
        : fromFreeText(trimmed);
  if (!fields.facts.trim())
    throw new QingfengError(
      "CASE_INVALID",
      "The notice has no facts (主要违纪事实 / 基本案情): add them under such a heading or as the body text.",
    );
  if (fields.tags.length === 0)
    fields.tags = inferTags(`${fields.title}${fields.facts}${fields.violations ?? ""}`);
  return fields;
}

function detectFormat(text: string): "json" | "markdown" | "text" {
  if (text.startsWith("{")) return "json";
  if (SECTION_LINE.test(text)) return "markdown";
  return "text";
}

/** Headings a notice uses, mapped to fields. Order matters: the first match wins. */
const HEADINGS: { field: keyof SectionFields; pattern: RegExp }[] = [
  {
    field: "facts",
    pattern: /基本案情|主要违纪事实|违纪事实|主要事实|案情简介|案件情况|基本情况|案情|事实/,
  },
  { field: "result", pattern: /处理结果|处理情况|处理决定|处分情况|处理|处分/ },
  { field: "lesson", pattern: /案例剖析|案例分析|警示教育|警示|剖析|以案说法|教训|启示/ },
  { field: "violations", pattern: /违反规定|违反条款|违反的规定|违反|违规条款|所涉条款|依据/ },
  { field: "institution", pattern: /涉事单位|单位|机构|医院/ },
  { field: "people", pattern: /涉事人员|当事人|人员/ },
  { field: "date", pattern: /日期|时间|通报日期/ },
  { field: "tags", pattern: /标签|类别|类型|关键词/ },
  { field: "sourceUrl", pattern: /来源|出处|链接|原文/ },
];

interface SectionFields {
  facts: string;
  result: string;
  lesson: string;
  violations: string;
  institution: string;
  people: string;
  date: string;
  tags: string;
  sourceUrl: string;
}

/**
 * A heading line: Markdown `## 基本案情`, bold `**处理结果**`, a numbered
 * `一、基本案情`, or `处理结果：…` with the content on the same line.
 */
const SECTION_LINE =
  /^\s*(?:#{1,6}\s*|\*\*|【|[一二三四五六七八九十]+、|\d+[.、]\s*)?(基本案情|主要违纪事实|违纪事实|主要事实|案情简介|案件情况|处理结果|处理情况|处理决定|处分情况|案例剖析|案例分析|警示教育|以案说法|违反规定|违反条款|所涉条款|涉事单位|当事人|标签|来源)/m;

function fromSections(text: string): CaseFields {
  const lines = text.split(/\r?\n/);
  let title = "";
  const parts: Partial<Record<keyof SectionFields, string[]>> = {};
  const preamble: string[] = [];
  let current: keyof SectionFields | undefined;
  for (const raw of lines) {
    const line = raw.trim();
    const heading = headingOf(line);
    if (heading) {
      current = heading.field;
      const list = parts[current] ?? [];
      if (heading.rest) list.push(heading.rest);
      parts[current] = list;
      continue;
    }
    if (!title && /^#\s+/.test(line)) {
      title = line.replace(/^#\s+/, "").trim();
      continue;
    }
    if (!line) continue;
    if (current) {
      const list = parts[current] ?? [];
      list.push(line);
      parts[current] = list;
    } else preamble.push(line);
  }
  if (!title) title = preamble.shift()?.replace(/^#+\s*/, "") ?? "";
  const joined = (k: keyof SectionFields) => parts[k]?.join("\n").trim() || undefined;
  const facts = joined("facts") ?? preamble.join("\n");
  return {
    title: cleanTitle(title) || firstSentence(facts),
    date: joined("date"),
    institution: joined("institution"),
    people: splitList(joined("people")),
    facts,
    violations: joined("violations"),
    result: joined("result"),
    lesson: joined("lesson"),
    tags: splitList(joined("tags")),
    sourceUrl: joined("sourceUrl"),
  };
}

function headingOf(line: string): { field: keyof SectionFields; rest: string } | undefined {
  const m =
    /^(?:#{1,6}\s*|\*\*|【|[一二三四五六七八九十]+、|\d+[.、]\s*)?([^：:*】#\s]{2,8})(?:\*\*|】)?\s*(?:[：:]\s*(.*))?$/.exec(
      line,
    );
  if (!m?.[1]) return undefined;
  const label = m[1];
  // A short label line, or "label：content" — a sentence that merely starts with 处理 is not a heading.
  const isHeadingShape =
    m[2] !== undefined ||
    /^(#|\*\*|【|[一二三四五六七八九十]+、|\d+[.、])/.test(line) ||
    line.length <= 8;
  if (!isHeadingShape) return undefined;
  const hit = HEADINGS.find((h) => h.pattern.test(label) && label.length <= 8);
  return hit ? { field: hit.field, rest: (m[2] ?? "").trim() } : undefined;
}

function fromJson(text: string): CaseFields {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new QingfengError(
      "CASE_INVALID",
      `The notice is not valid JSON: ${(error as Error).message}`,
    );
  }
  if (!raw || typeof raw !== "object" || Array.isArray(raw))
    throw new QingfengError(
      "CASE_INVALID",
      "A JSON notice must be an object with at least title and facts.",
    );
  const o = raw as Record<string, unknown>;
  const s = (k: string) =>
    typeof o[k] === "string" && (o[k] as string).trim() ? (o[k] as string).trim() : undefined;
  const list = (k: string) =>
    Array.isArray(o[k]) ? (o[k] as unknown[]).map(String).filter(Boolean) : splitList(s(k));
  const facts = s("facts") ?? "";
  return {
    title: s("title") ?? firstSentence(facts),
    date: s("date"),
    institution: s("institution"),
    people: list("people"),
    facts,
    violations: s("violations"),
    result: s("result"),
    lesson: s("lesson") ?? s("analysis"),
    tags: list("tags"),
    sourceUrl: s("sourceUrl") ?? s("source"),
  };
}

const RESULT_SENTENCE =
  /给予[^。；]{0,30}(处分|处理|处罚)|开除|撤职|免职|降级|记过|警告处分|诫勉|党纪|政务处分|移送|追缴|收缴|没收|罚款|暂停[^。；]{0,6}(执业|处方权)|吊销|取消[^。；]{0,8}资格|被依法|判处|立案审查|留置/;
const LESSON_SENTENCE =
  /警示|教训|反思|以案为鉴|以案促改|引以为戒|广大医务人员|全体医务人员|务必|切实|必须|要坚守|要自觉|底线|红线/;

/** Free text: sentences sorted into facts, result and lesson by what they say. */
function fromFreeText(text: string): CaseFields {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  let title = "";
  if (lines.length > 1 && (lines[0] ?? "").length <= 60 && !/。$/.test(lines[0] ?? ""))
    title = lines.shift() ?? "";
  const sentences = lines.join("").match(/[^。！？!?]+[。！？!?]?/g) ?? [];
  const facts: string[] = [];
  const result: string[] = [];
  const lesson: string[] = [];
  for (const s of sentences) {
    if (LESSON_SENTENCE.test(s) && !RESULT_SENTENCE.test(s)) lesson.push(s);
    else if (RESULT_SENTENCE.test(s) && facts.length > 0) result.push(s);
    else facts.push(s);
  }
  const factText = facts.join("");
  return {
    title: cleanTitle(title) || firstSentence(factText),
    people: [],
    facts: factText,
    result: result.join("") || undefined,
    lesson: lesson.join("") || undefined,
    tags: [],
  };
}

function cleanTitle(title: string): string {
  return title
    .replace(/^#+\s*/, "")
    .replace(/^[【\s]+|[】\s]+$/g, "")
    .trim();
}

function firstSentence(text: string): string {
  const s = (text.split(/[。！？\n]/)[0] ?? "").trim();
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

function splitList(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(/[,，、;；\s]+/)
    .map((v) => v.trim())
    .filter(Boolean);
}
