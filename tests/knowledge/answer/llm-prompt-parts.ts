import type { ChatCompletionBody } from "../../helpers/fake-openai-server.js";

/** One clause block of an answer request, as the model sees it. */
export interface PromptClause {
  n: number;
  /** The whole block between its BEGIN and END lines. */
  block: string;
}

/** What the fake chat model was sent, taken apart along the data delimiters. */
export interface PromptParts {
  system: string;
  user: string;
  nonce: string;
  /** Text of the QUESTION block, or undefined in a rewrite request. */
  question: string | undefined;
  clauses: PromptClause[];
}

export function promptParts(body: ChatCompletionBody): PromptParts {
  const system = body.messages.find((m) => m.role === "system")?.content ?? "";
  const user = body.messages.find((m) => m.role === "user")?.content ?? "";
  const nonce = /<<<BEGIN [A-Z -]+ ([0-9a-f]+)>>>/.exec(user)?.[1] ?? "";
  const block = (label: string) =>
    new RegExp(`<<<BEGIN ${label} ${nonce}>>>\\n([\\s\\S]*?)\\n<<<END ${label} ${nonce}>>>`).exec(
      user,
    )?.[1];
  const clauses: PromptClause[] = [];
  for (let n = 1; ; n++) {
    const text = block(`CLAUSE ${n}`);
    if (text === undefined) break;
    clauses.push({ n, block: text });
  }
  return { system, user, nonce, question: block("QUESTION"), clauses };
}

/** The number of the first clause whose block matches `pattern`. */
export function clauseNumber(parts: PromptParts, pattern: RegExp): number {
  const clause = parts.clauses.find((c) => pattern.test(c.block));
  if (!clause) throw new Error(`no clause matches ${pattern}`);
  return clause.n;
}

/** A verbatim piece of a clause around `word`, as a model quoting it would write it. */
export function quoteAround(parts: PromptParts, n: number, word: string): string {
  const text = parts.clauses[n - 1]?.block.split("\nText:\n")[1] ?? "";
  const at = text.indexOf(word);
  if (at < 0) throw new Error(`clause ${n} does not contain ${word}`);
  return text.slice(Math.max(0, at - 10), at + word.length + 4);
}

/** The JSON a model answers with. */
export function modelJson(verdict: string, explanation: string, citations: unknown[]): string {
  return JSON.stringify({ verdict, explanation, citations });
}
