import { QingfengError } from "../errors.js";
import type { Verdict } from "./answer-types.js";
import { MAX_EXPLANATION_CHARS } from "./llm-prompt.js";

/** A model answer that passed validation; numbers refer to the clauses as given (1-based). */
export interface ModelAnswer {
  verdict: Verdict;
  explanation: string;
  /** Distinct clause numbers in the order cited, including any the explanation refers to. */
  citations: number[];
}

const VERDICTS: readonly Verdict[] = ["prohibited", "conditional", "info", "not_covered"];

/** [1], [1,2], ［1］, 【1、2】: the ways models mark citations. Years such as [2023] are not markers. */
const MARKER = /[[［【]\s*(\d{1,2}(?:\s*[,，、]\s*\d{1,2})*)\s*[\]］】]/g;

/** Shortest run of the system prompt that counts as leaking it. */
const LEAK_RUN = 48;

/**
 * Validates the raw content of an answer request strictly: one JSON object,
 * a known verdict, a non-empty explanation of bounded length, and citations
 * that are integers naming given clauses — at least one unless not_covered,
 * none with not_covered. Throws LLM_INVALID_OUTPUT saying what was wrong.
 */
export function parseModelAnswer(raw: string, clauseCount: number): ModelAnswer {
  const object = parseJsonObject(raw);
  const { verdict, explanation, citations } = object;
  if (typeof verdict !== "string" || !VERDICTS.includes(verdict as Verdict)) {
    throw invalid(`verdict ${JSON.stringify(verdict)} is not one of ${VERDICTS.join(", ")}`);
  }
  if (typeof explanation !== "string" || explanation.trim() === "") {
    throw invalid("the explanation is missing or empty");
  }
  const text = explanation.trim();
  if (text.length > MAX_EXPLANATION_CHARS) {
    throw invalid(
      `the explanation has ${text.length} characters, more than ${MAX_EXPLANATION_CHARS}`,
    );
  }
  if (!Array.isArray(citations) || citations.some((c) => !Number.isInteger(c))) {
    throw invalid(`citations ${JSON.stringify(citations)} is not an array of integers`);
  }
  const cited = [...new Set(citations as number[])];
  const referred = markerNumbers(text);
  for (const n of [...cited, ...referred]) {
    if (n < 1 || n > clauseCount) {
      throw invalid(`citation ${n} names no clause (the model was given clauses 1–${clauseCount})`);
    }
  }
  if (verdict === "not_covered") {
    if (cited.length > 0 || referred.length > 0) {
      throw invalid("a not_covered answer cites clauses");
    }
  } else if (cited.length === 0) {
    throw invalid(`a ${verdict} answer cites no clause`);
  }
  // A clause the explanation refers to but the list forgot is still a given clause: show it.
  for (const n of referred) if (!cited.includes(n)) cited.push(n);
  return { verdict: verdict as Verdict, explanation: text, citations: cited };
}

/** Validates the raw content of a rewrite request: {"question": "…"}, one short line. */
export function parseRewrite(raw: string): string {
  const { question } = parseJsonObject(raw);
  if (typeof question !== "string" || question.trim() === "") {
    throw invalid("the rewritten question is missing or empty");
  }
  const text = question.trim();
  if (text.length > 200 || /[\r\n]/.test(text)) {
    throw invalid("the rewritten question is not one short line");
  }
  return text;
}

/**
 * Why an output reveals the system prompt — it holds the canary, or a long
 * verbatim run of the prompt — or undefined when it does not.
 */
export function promptLeak(output: string, system: string, canary: string): string | undefined {
  if (output.toLowerCase().includes(canary.toLowerCase())) {
    return "the output contains the system prompt's canary";
  }
  const prompt = flat(system);
  const text = flat(output);
  for (let i = 0; i + LEAK_RUN <= text.length; i++) {
    if (prompt.includes(text.slice(i, i + LEAK_RUN))) {
      return `the output repeats ${LEAK_RUN}+ characters of the system prompt verbatim`;
    }
  }
  return undefined;
}

/**
 * A quotation in the explanation (“…”, 「…」, "…") that is not in the given
 * clauses: the model put words in a document's mouth. Punctuation and spacing
 * may differ and "…" may skip words; short quotes (terms like “红包”) are not checked.
 */
export function unsupportedQuote(explanation: string, sources: string[]): string | undefined {
  const haystack = sources.map(letters);
  for (const match of explanation.matchAll(/[“「『"]([^”」』"]{1,400})[”」』"]/g)) {
    for (const piece of (match[1] ?? "").split(/…|\.{3}|⋯/)) {
      const needle = letters(piece);
      const han = needle.match(/\p{Script=Han}/gu)?.length ?? 0;
      if (han >= 6 && !haystack.some((h) => h.includes(needle))) return piece.trim();
    }
  }
  return undefined;
}

/** Rewrites citation markers through `renumber` (old number → new), one [n] per clause. */
export function renumberMarkers(explanation: string, renumber: Map<number, number>): string {
  return explanation.replace(MARKER, (whole, list: string) => {
    const numbers = list.split(/[,，、]/).map((s) => renumber.get(Number(s.trim())));
    if (numbers.some((n) => n === undefined)) return whole;
    return numbers.map((n) => `[${n}]`).join("");
  });
}

function markerNumbers(text: string): number[] {
  const numbers: number[] = [];
  for (const match of text.matchAll(MARKER)) {
    for (const s of (match[1] ?? "").split(/[,，、]/)) {
      const n = Number(s.trim());
      if (!numbers.includes(n)) numbers.push(n);
    }
  }
  return numbers;
}

function parseJsonObject(raw: string): Record<string, unknown> {
  // Models that ignore response_format still wrap the object in a code fence; nothing else is forgiven.
  const text = raw
    .trim()
    .replace(/^```(?:json)?\s*([\s\S]*?)\s*```$/i, "$1")
    .trim();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalid(`the output is not JSON: ${JSON.stringify(raw.slice(0, 80))}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw invalid("the output is JSON but not an object");
  }
  return value as Record<string, unknown>;
}

function flat(text: string): string {
  return text.toLowerCase().replace(/\s+/g, " ");
}

function letters(text: string): string {
  return text.replace(/[^\p{L}\p{N}]/gu, "");
}

function invalid(message: string): QingfengError {
  return new QingfengError("LLM_INVALID_OUTPUT", message);
}
