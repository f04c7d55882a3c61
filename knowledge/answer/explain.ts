import type { Citation, ExplanationParts, Verdict } from "./answer-types.js";

/** The asked conduct, named the rules' way and the asker's way. */
export interface ConductNaming {
  /** The conduct in the rules' words (the catalogue label). */
  label: string;
  en: string;
  /** What the asker said of it (药代, 吃饭 …), in the order said. */
  askerTerms: string[];
}

/** What an explanation is made from. */
export interface ExplainInput {
  verdict: Verdict;
  language: "zh" | "en";
  decisive?: { citation: Citation; sentence: string } | undefined;
  contact: string;
  /** Whether the question asked for permission ("可以…吗？"): only then does the answer open with 不可以 / 可以. */
  permission?: boolean;
  /** The kind of conduct the question is about, when the conduct model recognised it. */
  conduct?: ConductNaming | undefined;
  /** Titles of local or unknown texts that permit what the official rules forbid. */
  conflicts?: string[] | undefined;
  /** The closest rules only: ask the compliance contact to confirm. */
  confirm?: boolean | undefined;
}

/** Plain-language explanation of an offline answer, quoting the decisive clause. */
export function explain(input: ExplainInput): string {
  return explainParts(input).text;
}

/**
 * The explanation whole (`text`, the answer's `answer` field) and in the parts
 * a short chat reply shows apart (`parts`): the plain sentences, the decisive
 * phrase and the notes, each without the others.
 */
export function explainParts(input: ExplainInput): { text: string; parts: ExplanationParts } {
  const { verdict, language, decisive, contact, permission = true, conduct } = input;
  if (verdict === "not_covered" || !decisive) {
    const lead =
      language === "en"
        ? `The indexed policy documents do not cover this question, so Qingfeng will not guess. Please ask ${contact}.`
        : `现有制度文件中没有找到直接回答这个问题的条款，清风不作推测。请咨询${contact}。`;
    return { text: lead, parts: { lead, notes: [] } };
  }
  const { citation, sentence } = decisive;
  // The document is named in the citation right below: the explanation stays short.
  const source = language === "en" ? "The rule" : "依据";
  const quote = `“${sentence}”[${citation.n}]`;
  const notes: Note[] = [
    ...(citation.olderEditionOnly ? [editionNote(citation.year, language)] : []),
    ...(citation.scan ? [scanNote(citation.n, language)] : []),
    ...conflictNote(input.conflicts ?? [], language),
    ...(input.confirm ? [confirmNote(contact, language)] : []),
  ];
  const tail = notes.map((n) => n.inline).join("");
  const made = (lead: string, text: string) => ({
    text,
    parts: { lead, quote: { n: citation.n, text: sentence }, notes: notes.map((n) => n.shown) },
  });
  if (language === "en") {
    const lead = englishLead(verdict, permission, conduct);
    return made(lead, `${lead} ${source}: ${quote}${tail}`);
  }
  const named = conduct ? namedConduct(conduct) : "";
  switch (verdict) {
    case "prohibited": {
      const lead = `${permission ? "不可以。" : ""}${named ? `${named}，` : "这"}是明令禁止、严肃查处的行为。`;
      return made(lead, `${lead}${source}：${quote}${tail}`);
    }
    case "conditional": {
      const lead = `${permission ? "有条件：" : ""}${named ? `${named}，` : ""}只有符合条款规定的条件、按规定程序才可以。`;
      return made(lead, `${lead}${source}：${quote}${tail}`);
    }
    default: {
      const lead = `${conduct ? `这涉及${conduct.label}。` : ""}相关规定：`;
      return made(lead, `${lead}${quote}${tail}`);
    }
  }
}

/** A note as the explanation carries it inline, and as a reply shows it on its own line. */
interface Note {
  inline: string;
  shown: string;
}

function englishLead(
  verdict: Exclude<Verdict, "not_covered">,
  permission: boolean,
  conduct: ConductNaming | undefined,
): string {
  const what = conduct ? `this is ${conduct.en}` : "";
  switch (verdict) {
    case "prohibited":
      if (!what)
        return permission ? "No — the rules forbid this." : "The rules forbid this conduct.";
      return `${permission ? "No — " : ""}${permission ? what : capitalise(what)}, which the rules forbid.`;
    case "conditional":
      return `${permission ? "Only under conditions: " : ""}${what ? `${permission ? what : capitalise(what)}, ` : ""}allowed only as the rules set out.`;
    default:
      return what
        ? `${capitalise(what)}. Here is what the rules say.`
        : "Here is what the rules say.";
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "你说的情况（药代、吃饭）属于接受医药企业安排…的宴请" */
function namedConduct(conduct: ConductNaming): string {
  const terms = conduct.askerTerms.slice(0, 3);
  return terms.length > 0
    ? `你说的情况（${terms.join("、")}）属于${conduct.label}`
    : `这属于${conduct.label}`;
}

function conflictNote(titles: string[], language: "zh" | "en"): Note[] {
  if (titles.length === 0) return [];
  const list = [...new Set(titles)].map((t) => `《${t}》`).join("、");
  return [
    language === "en"
      ? bracketed(
          `Note: ${list} says otherwise; it is not an official rule and does not override the official prohibition.`,
          language,
        )
      : bracketed(
          `注：${list}中有与此不一致的表述，它不是上级正式规定，不能取代上述禁止性规定，以正式规定为准。`,
          language,
        ),
  ];
}

function confirmNote(contact: string, language: "zh" | "en"): Note {
  const shown =
    language === "en"
      ? `These are the closest rules found; please confirm with ${contact}.`
      : `以上是找到的最接近的规定，具体请向${contact}确认。`;
  return { inline: language === "en" ? ` ${shown}` : shown, shown };
}

function scanNote(n: number, language: "zh" | "en"): Note {
  return bracketed(
    language === "en"
      ? `Clause [${n}] comes from a scanned text and may contain character errors; it is quoted as it stands.`
      : `[${n}]出自扫描件，可能有个别错字，按原文引用。`,
    language,
  );
}

function editionNote(year: number | undefined, language: "zh" | "en"): Note {
  return bracketed(
    language === "en"
      ? `Note: this clause is from the ${year ?? "older"} edition; newer documents do not repeat it.`
      : `注：该条款见于${year ?? "较早"}年的文件，较新的文件未见相同表述，请留意是否仍然适用。`,
    language,
  );
}

/** Inline, a note is an aside in brackets; on its own line it needs none. */
function bracketed(shown: string, language: "zh" | "en"): Note {
  return { inline: language === "en" ? ` (${shown})` : `（${shown}）`, shown };
}
